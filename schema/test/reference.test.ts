import { readFileSync } from "node:fs";
import { composeSupergraph } from "../src/compose";
import { API_SCHEMA_PATH, printApiSchema, renderSchemaReference, SCHEMA_REFERENCE_PATH, undescribedElements } from "../src/reference";

describe("the API schema and its reference (docs/schema-reference.md)", () => {
  const { apiSchema, supergraphSdl } = composeSupergraph();

  it("gives every type, field, argument and enum value clients can see a description", () => {
    expect(undescribedElements(apiSchema)).toEqual([]);
  });

  it("matches the committed docs/schema-reference.md and schema/api-schema.graphql (run `npm run compose` after changing a schema)", () => {
    expect(readFileSync(SCHEMA_REFERENCE_PATH, "utf8")).toBe(renderSchemaReference(apiSchema));
    expect(readFileSync(API_SCHEMA_PATH, "utf8")).toBe(printApiSchema(apiSchema));
  });

  it("documents what clients can query and nothing the supergraph keeps internal", () => {
    const reference = renderSchemaReference(apiSchema);
    expect(reference).toContain("### Company");
    expect(reference).toMatch(/\| `cases` \| \[`CaseConnection!`\]\(#caseconnection\) \|/);
    // The departments' index fields exist for the query planner only (@inaccessible).
    expect(supergraphSdl).toContain("bifCaseIndex");
    for (const internal of ["bifCaseIndex", "tmfPermitIndex", "CaseIndexEntry", "join__", "link__"])
      expect(reference).not.toContain(internal);
  });
});
