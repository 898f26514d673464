import { isEnumType } from "graphql";
import { readCommittedApiSchema } from "../src/client-operations";

/** "<Danish label>: <English description>", the form a client's build reads its labels from (introspection is off in production). */
const LABELLED = /^([^:]+): \S/;

describe("every enum value of the API has a Danish label in its description", () => {
  const schema = readCommittedApiSchema();
  const enums = Object.values(schema.getTypeMap()).filter((type) => isEnumType(type) && !type.name.startsWith("__"));

  it("opens each value's description with its label", () => {
    const unlabelled = enums.flatMap((type) =>
      (isEnumType(type) ? type.getValues() : [])
        .filter((value) => !LABELLED.test(value.description ?? ""))
        .map((value) => `${type.name}.${value.name}`),
    );
    expect(unlabelled).toEqual([]);
  });

  it.each([
    ["PermitStatus", "ACTIVE", "Gældende"],
    ["InquiryStatus", "HANDED_OVER", "Overdraget"],
    ["TimelineEventKind", "OUTREACH", "Opsøgende kontakt"],
    ["CaseProgress", "UDFOERT", "Udført"],
    ["Department", "TMF", "Teknik- og Miljøforvaltningen"],
  ])("%s.%s reads %j", (typeName, valueName, label) => {
    const type = schema.getType(typeName);
    if (!isEnumType(type)) throw new Error(`${typeName} is not an enum`);
    expect(LABELLED.exec(type.getValue(valueName)?.description ?? "")?.[1]).toBe(label);
  });
});
