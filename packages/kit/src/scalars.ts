import { GraphQLError, GraphQLScalarType, Kind } from "graphql";

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isoScalar(name: string, description: string, pattern: RegExp, normalise: (date: Date) => string) {
  const parse = (value: unknown) => {
    if (typeof value !== "string" || !pattern.test(value) || Number.isNaN(Date.parse(value))) {
      throw new GraphQLError(`${name} must be an ISO-8601 string such as ${normalise(new Date(Date.UTC(2026, 0, 31)))}`, { extensions: { code: "BAD_USER_INPUT" } });
    }
    return value;
  };
  return new GraphQLScalarType({
    name,
    description,
    serialize: (value) => (value instanceof Date ? normalise(value) : String(value)),
    parseValue: parse,
    parseLiteral: (ast) => parse(ast.kind === Kind.STRING ? ast.value : undefined),
  });
}

export const DateTimeScalar = isoScalar("DateTime", "A point in time, ISO-8601 with offset.", ISO_DATE_TIME, (d) => d.toISOString());
export const DateScalar = isoScalar("Date", "A calendar date, ISO-8601 (YYYY-MM-DD).", ISO_DATE, (d) => d.toISOString().slice(0, 10));
