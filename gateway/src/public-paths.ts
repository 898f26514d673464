import type { GraphQLFormattedError } from "graphql";
import { DEPARTMENTS, indexFieldNames } from "@company-graph/domain";

/** Each department's internal index fields → the public Company field they feed. */
const PUBLIC_FIELD_OF_INDEX = new Map<string, "cases" | "permits">(
  DEPARTMENTS.flatMap((department) => {
    const { caseIndex, permitIndex } = indexFieldNames(department);
    return [
      [caseIndex, "cases"],
      [permitIndex, "permits"],
    ] as const;
  }),
);

/**
 * A department whose system failed reports the error on its @inaccessible index field
 * (`company.tmfCaseIndex`), a name clients never asked for and cannot see. Points the path at
 * the public field that index feeds instead (`company.cases` / `company.permits`).
 * An alias of that field is not known here; the error's `extensions.department` stays exact.
 */
export function withPublicPath(error: GraphQLFormattedError): GraphQLFormattedError {
  if (!error.path?.some((segment) => typeof segment === "string" && PUBLIC_FIELD_OF_INDEX.has(segment))) return error;
  const path = error.path.map((segment) => (typeof segment === "string" ? (PUBLIC_FIELD_OF_INDEX.get(segment) ?? segment) : segment));
  return { ...error, path };
}
