import type { ErrorRequestHandler } from "express";
import { ErrorCode } from "@company-graph/kit";

/**
 * Body-parser failures as GraphQL errors with a code: too large is 413, unreadable JSON 400.
 * Express's default handler would answer HTML with a stack trace in development.
 */
export const requestBodyErrors: ErrorRequestHandler = (error: { type?: string; limit?: number }, _req, res, _next) => {
  if (error?.type === "entity.too.large") {
    res.status(413).json({ errors: [{ message: `The request body is larger than the ${error.limit ?? 0} bytes the gateway accepts`, extensions: { code: ErrorCode.PayloadTooLarge } }] });
  } else if (typeof error?.type === "string" && error.type.startsWith("entity.")) {
    res.status(400).json({ errors: [{ message: "The request body is not valid JSON", extensions: { code: "BAD_REQUEST" } }] });
  } else {
    res.status(500).json({ errors: [{ message: "Internal error: the request could not be completed", extensions: { code: ErrorCode.Internal } }] });
  }
};
