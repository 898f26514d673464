import type { DepartmentModelResolvers } from "../src/department/model";
import type { DepartmentContext } from "../src/department/subgraph";
import { caseFieldResolvers } from "../src/department/case-fields";

// The kit's department resolvers are typed by graphql-codegen from the schema (codegen.ts). This
// file is compiled by the kit's typecheck: each @ts-expect-error below must stay an error, so tsc
// fails here if the resolver types ever go loose (an `any`, an untyped map, a lost mapper).
type Model = DepartmentModelResolvers<DepartmentContext>;

export const wrongReturnType: Model["DepartmentCase"] = {
  // @ts-expect-error processingDays is Int!, not a string
  processingDays: () => "12",
};

export const wrongArguments: Model["Company"] = {
  // @ts-expect-error departmentCaseIndex takes no arguments
  departmentCaseIndex: (_company, args: { first: number }) => (args.first > 0 ? [] : null),
};

export const wrongParent: Model["ServiceLevelReport"] = {
  // @ts-expect-error the parent is the ServiceLevelReportReference, which has no cvr
  departmentStatistics: (report: { cvr: string }) => (report.cvr ? null : null),
};

export const nullForNonNull: Model["DepartmentCase"] = {
  // @ts-expect-error caseworker is Caseworker!, so null is not an answer
  caseworker: () => null,
};

describe("department resolver types", () => {
  it("types the common case fields by the schema: processingDays answers a number", () => {
    const { processingDays } = caseFieldResolvers<{ now: () => Date }>();
    const resolve = processingDays as (parent: object, args: object, context: { now: () => Date }) => number;
    const sourceCase = { openedAt: "2026-01-01T00:00:00.000Z", decidedAt: "2026-01-11T00:00:00.000Z", closedAt: null };
    expect(resolve(sourceCase, {}, { now: () => new Date("2026-02-01T00:00:00.000Z") })).toBe(10);
  });
});
