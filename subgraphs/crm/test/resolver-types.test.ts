// Proof that the resolver maps are checked against schema.graphql: each
// `@ts-expect-error` below marks a resolver that disagrees with the schema. `npm run typecheck`
// compiles this file (tsconfig.json includes test/); should the generated types ever go loose
// (an `any` parent, untyped arguments, an unchecked return), the directive has nothing to excuse
// and tsc fails with "Unused '@ts-expect-error' directive".
import type { Resolvers } from "../src/generated/graphql";

const disagreeing: Resolvers[] = [
  // Return type: Query.company is a Company, not a number.
  {
    Query: {
      // @ts-expect-error a number is not a Company
      company: () => 42,
    },
  },
  // Non-null return: Note.author is MunicipalEmployee!, so a resolver may not give null.
  {
    Note: {
      // @ts-expect-error null for a non-null field
      author: () => null,
    },
  },
  // Argument type: Query.company's cvr is ID! (a string), not a number.
  {
    Query: {
      // @ts-expect-error cvr arrives as a string
      company: (_parent, _args: { cvr: number }) => null,
    },
  },
  // Argument name: Query.companies has no argument `limit`.
  {
    Query: {
      // @ts-expect-error there is no such argument
      companies: (_parent, args) => (args.limit ? null : null),
    },
  },
  // Parent type: an Inquiry resolver receives the inquiry row (with parts), which has no company name.
  {
    Inquiry: {
      // @ts-expect-error the parent is an inquiry, not a company
      topic: (inquiry) => inquiry.name,
    },
  },
  // Context: the CRM's context has loaders, not a `prisma` property.
  {
    Query: {
      // @ts-expect-error no such context property
      company: (_parent, args, context) => context.prisma.company.findUnique({ where: { cvr: args.cvr } }),
    },
  },
];

describe("resolver types", () => {
  it("are checked by tsc against the schema (this file's @ts-expect-error lines; run `npm run typecheck`)", () => {
    expect(disagreeing).toHaveLength(6);
  });
});
