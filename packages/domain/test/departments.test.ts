import { caseTypename, DEPARTMENTS } from "../src";

describe("departments", () => {
  it("names each department's case type as the supergraph does", () => {
    expect(DEPARTMENTS.map(caseTypename)).toEqual(["BifCase", "TmfCase", "KffCase", "OkfCase"]);
  });
});
