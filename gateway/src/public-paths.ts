import type { GraphQLFormattedError } from "graphql";

const INTERNAL_INDEX_FIELD = /^(?:bif|tmf|kff|okf)(Case|Permit)Index$/;

/**
 * A department whose system failed reports the error on its @inaccessible index field
 * (`company.tmfCaseIndex`), a name clients never asked for and cannot see. Points the path at
 * the public field that index feeds instead (`company.cases` / `company.permits`).
 * An alias of that field is not known here; the error's `extensions.department` stays exact.
 */
export function withPublicPath(error: GraphQLFormattedError): GraphQLFormattedError {
  if (!error.path?.some((segment) => typeof segment === "string" && INTERNAL_INDEX_FIELD.test(segment))) return error;
  const path = error.path.map((segment) => {
    const match = typeof segment === "string" ? INTERNAL_INDEX_FIELD.exec(segment) : null;
    return match ? (match[1] === "Case" ? "cases" : "permits") : segment;
  });
  return { ...error, path };
}
