import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import { validate, type DocumentNode, type GraphQLSchema } from "graphql";

/** What GraphQL Armor measures of a document: the worst of its operations. */
export interface ArmorMeasure {
  depth: number;
  aliases: number;
  directives: number;
}

/**
 * GraphQL Armor's depth, alias and directive counters (each memoizes fragments, so linear in the
 * document). They run with no limit of their own and report what they found; the gateway
 * compares, so a refusal carries the limit and the measured value with our own error code.
 * Apollo Server hands the same DocumentNode back from its document cache for a repeated query,
 * so the measure is kept per document.
 */
const measured = new WeakMap<DocumentNode, ArmorMeasure>();

export function armorMeasure(schema: GraphQLSchema, document: DocumentNode): ArmorMeasure {
  const known = measured.get(document);
  if (known) return known;
  const measure: ArmorMeasure = { depth: 0, aliases: 0, directives: 0 };
  const record = (key: keyof ArmorMeasure) => [
    (_context: unknown, details: { n: number }) => void (measure[key] = Math.max(measure[key], details.n)),
  ];
  const unlimited = { n: Number.MAX_SAFE_INTEGER, propagateOnRejection: false };
  validate(schema, document, [
    maxDepthRule({ ...unlimited, flattenFragments: true, onAccept: record("depth") }),
    maxAliasesRule({ ...unlimited, onAccept: record("aliases") }),
    maxDirectivesRule({ ...unlimited, onAccept: record("directives") }),
  ]);
  measured.set(document, measure);
  return measure;
}
