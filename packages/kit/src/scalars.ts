import { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped, type ValueNode } from "graphql";
import { GraphQLDateTime, GraphQLLocalDate } from "graphql-scalars";
import { ErrorCode } from "./errors";
import { refusal } from "./refusals";

/**
 * Date and DateTime inputs are checked by graphql-scalars (RFC 3339 date-time with offset; a
 * calendar date that exists: "2026-02-30", "yesterday" or "i morgen" are refused, never rolled
 * over). What the resolvers receive stays what they always got, an ISO string: a DateTime in its
 * canonical UTC form (2026-03-01T09:30:00.000Z), a Date as given (YYYY-MM-DD). Both lie in the
 * years FIRST_YEAR to LAST_YEAR (UTC): year 0 or 275760 is a typing error, and the databases
 * behind the graph refuse some of them with an internal error. A refusal is BAD_USER_INPUT with a
 * Danish-first message naming the example format or the range.
 */
function strictScalar(config: { name: string; description: string; example: string; check: (value: string) => string }) {
  const refuse = (value: unknown) =>
    new GraphQLError(refusal.badUserInput.dateTimeFormat(config.name, config.example, describe(value)), {
      extensions: { code: ErrorCode.BadUserInput },
    });
  const refuseYear = (value: string) =>
    new GraphQLError(refusal.badUserInput.yearOutOfRange(config.name, FIRST_YEAR, LAST_YEAR, describe(value)), {
      extensions: { code: ErrorCode.BadUserInput },
    });
  const parse = (value: unknown): string => {
    if (typeof value !== "string") throw refuse(value);
    let parsed: string;
    try {
      parsed = config.check(value);
    } catch {
      throw refuse(value);
    }
    const year = Number(parsed.slice(0, 4));
    if (parsed.length < 5 || parsed[4] !== "-" || year < FIRST_YEAR || year > LAST_YEAR) throw refuseYear(value);
    return parsed;
  };
  return new GraphQLScalarType({
    name: config.name,
    description: config.description,
    serialize: (value) =>
      value instanceof Date ? (config.name === "Date" ? value.toISOString().slice(0, 10) : value.toISOString()) : String(value),
    parseValue: parse,
    // A number, boolean, enum, object or list literal is refused naming what it is, not "undefined".
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind !== Kind.STRING) throw refuse(valueFromASTUntyped(ast));
      return parse(ast.value);
    },
  });
}

/** The years a Date or DateTime input may name: no record of a living company lies outside them. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2199;

/** The refused value in the message, cut short: a client's megabyte of garbage is not echoed back. */
function describe(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : String(typeof value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

export const DateTimeScalar = strictScalar({
  name: "DateTime",
  description: "A point in time, ISO-8601 with offset.",
  example: "2026-01-31T09:30:00.000Z",
  check: (value) => (GraphQLDateTime.parseValue(value) as Date).toISOString(),
});

export const DateScalar = strictScalar({
  name: "Date",
  description: "A calendar date, ISO-8601 (YYYY-MM-DD).",
  example: "2026-01-31",
  check: (value) => GraphQLLocalDate.parseValue(value) as string,
});
