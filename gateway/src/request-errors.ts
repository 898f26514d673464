import type { ErrorRequestHandler, RequestHandler } from "express";
import { ErrorCode, INTERNAL_ERROR_MESSAGE } from "@company-graph/kit/errors";
import { danishFirstGraphQLMessage, refusal } from "@company-graph/kit/refusals";

/**
 * Body-parser failures as GraphQL errors with a code: too large is 413, unreadable JSON 400.
 * Express's default handler would answer HTML with a stack trace in development.
 */
export const requestBodyErrors: ErrorRequestHandler = (error: { type?: string; limit?: number }, _req, res, _next) => {
  if (error?.type === "entity.too.large") {
    res
      .status(413)
      .json({ errors: [{ message: refusal.request.payloadTooLarge(error.limit ?? 0), extensions: { code: ErrorCode.PayloadTooLarge } }] });
  } else if (typeof error?.type === "string" && error.type.startsWith("entity.")) {
    res.status(400).json({ errors: [{ message: refusal.request.notJson, extensions: { code: "BAD_REQUEST" } }] });
  } else {
    res.status(500).json({ errors: [{ message: INTERNAL_ERROR_MESSAGE, extensions: { code: ErrorCode.Internal } }] });
  }
};

/** Any path the gateway does not serve: JSON with a code, Danish first, rather than Express's English HTML page. */
export const unknownPath: RequestHandler = (_req, res) => {
  res.status(404).json({ errors: [{ message: refusal.request.notFound, extensions: { code: "NOT_FOUND" } }] });
};

/** Longest error message a client gets: an echoed 489 KB literal must not come back as a 539 KB error. */
export const MAX_ERROR_MESSAGE_LENGTH = 1_000;

/** graphql-js's own messages (validation, parse, variable coercion) Danish first, as every refusal a client reads. */
export function danishFirstGraphQL<Formatted extends { message: string; extensions?: Record<string, unknown> }>(
  formatted: Formatted,
): Formatted {
  const message = danishFirstGraphQLMessage(formatted.message, formatted.extensions?.code);
  return message === formatted.message ? formatted : { ...formatted, message };
}

/** Cuts an error's message to MAX_ERROR_MESSAGE_LENGTH, saying so (Danish first). */
export function cappedMessage<Formatted extends { message: string }>(formatted: Formatted): Formatted {
  if (formatted.message.length <= MAX_ERROR_MESSAGE_LENGTH) return formatted;
  return { ...formatted, message: `${formatted.message.slice(0, MAX_ERROR_MESSAGE_LENGTH)}${refusal.request.truncated}` };
}
