import { cvrProblem, describeCvrProblem } from "@company-graph/domain";
import { badUserInput } from "./errors";

/** Validates a CVR argument; a bad one is the caller's mistake, so it is BAD_USER_INPUT. */
export function requireValidCvr(value: string, argumentName = "cvr"): string {
  const problem = cvrProblem(value);
  if (problem) throw badUserInput(describeCvrProblem(value, problem), argumentName);
  return value;
}
