import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEPARTMENTS } from "@company-graph/domain";
import { composeSupergraph, isCommittedSupergraphCurrent } from "../src/compose";
import { SUBGRAPHS } from "../src/subgraphs";

describe("supergraph composition", () => {
  it("composes all five subgraphs without errors", () => {
    const { supergraphSdl } = composeSupergraph();
    for (const name of ["CRM", ...DEPARTMENTS]) expect(supergraphSdl).toContain(`${name} @join__graph(name: "${name.toLowerCase()}"`);
  });

  it("matches the committed schema/supergraph.graphql (run `npm run compose` after changing a schema)", () => {
    expect(isCommittedSupergraphCurrent()).toBe(true);
  });

  it("detects a committed supergraph that is stale against a changed subgraph schema", () => {
    const bif = SUBGRAPHS.find((subgraph) => subgraph.name === "bif")!;
    const changedSchema = join(mkdtempSync(join(tmpdir(), "compose-")), "schema.graphql");
    writeFileSync(
      changedSchema,
      readFileSync(bif.schemaPath, "utf8").replace("type WageSubsidy {", "type WageSubsidy {\n  employerShareDkk: Float"),
    );
    const changed = composeSupergraph(SUBGRAPHS.map((subgraph) => (subgraph === bif ? { ...bif, schemaPath: changedSchema } : subgraph)));
    expect(isCommittedSupergraphCurrent(changed.supergraphSdl)).toBe(false);
    expect(changed.supergraphSdl).toContain("employerShareDkk");
  });

  it("fails loudly when subgraphs do not compose", () => {
    const bif = SUBGRAPHS.find((subgraph) => subgraph.name === "bif")!;
    const broken = join(mkdtempSync(join(tmpdir(), "compose-")), "schema.graphql");
    // cvr is the key everywhere; a second definition with another type cannot compose.
    writeFileSync(broken, readFileSync(bif.schemaPath, "utf8").replace("cvr: ID!", "cvr: Int!"));
    expect(() => composeSupergraph(SUBGRAPHS.map((subgraph) => (subgraph === bif ? { ...bif, schemaPath: broken } : subgraph)))).toThrow(
      /Composition failed/,
    );
  });
});
