import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "graphql";
import { checkDepartmentModel, forDepartment } from "../src/department/model";
import { CASE_CVR } from "../src/department/personal-data";

// A department's schema as the stand-in would be under OKF's names.
const STAND_IN = readFileSync(join(__dirname, "..", "graphql", "department-stand-in.graphql"), "utf8");
const okfSchema = (edit: (sdl: string) => string = (sdl) => sdl) =>
  parse(
    edit(
      STAND_IN.replace(/\bDepartmentCaseDetailsType\b/g, "FireInspection")
        .replace(/\bDepartmentCaseDetails\b/g, "OkfCaseDetails")
        .replace(/\bDepartmentCase\b/g, "OkfCase")
        .replace(/\bdepartment(CaseIndex|PermitIndex|Statistics)\b/g, "okf$1"),
    ),
  );

describe("checkDepartmentModel", () => {
  it("accepts a department schema with the stand-in's shape under the department's names", () => {
    expect(() => checkDepartmentModel("OKF", okfSchema(), ["FireInspection"])).not.toThrow();
  });

  it("refuses a field whose type differs from what the kit resolves", () => {
    expect(() =>
      checkDepartmentModel(
        "OKF",
        okfSchema((sdl) => sdl.replace("processingDays: Int!", "processingDays: Int")),
        ["FireInspection"],
      ),
    ).toThrow("OkfCase.processingDays is () Int, the kit resolves () Int!");
  });

  it("refuses a missing index field and a case type that does not implement Case", () => {
    const schema = okfSchema((sdl) => sdl.replace(/okfPermitIndex.*\n/, "").replace("implements Case ", ""));
    expect(() => checkDepartmentModel("OKF", schema, ["FireInspection"])).toThrow(
      /Company\.okfPermitIndex is missing.*OkfCase does not implement Case/,
    );
  });

  it("refuses details types the union does not have", () => {
    expect(() => checkDepartmentModel("OKF", okfSchema(), ["FireInspection", "SafetyCourse"])).toThrow(
      "union OkfCaseDetails is FireInspection, the case types map to FireInspection | SafetyCourse",
    );
  });
});

describe("forDepartment", () => {
  it("names the stand-in's resolvers as the department's schema does", () => {
    const none = () => null;
    const details = () => ({ __typename: "BuildingCase", [CASE_CVR]: "36509120" });
    const renamed = forDepartment(
      {
        Company: { departmentCaseIndex: none, departmentPermitIndex: none },
        ServiceLevelReport: { departmentStatistics: none },
        DepartmentCase: { details },
      },
      "TMF",
    );
    expect(renamed).toEqual({
      Company: { tmfCaseIndex: none, tmfPermitIndex: none },
      ServiceLevelReport: { tmfStatistics: none },
      TmfCase: { details },
    });
  });
});
