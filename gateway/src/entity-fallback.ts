import { buildSchema, isNullableType, isObjectType, Kind, parse, type FieldNode, type GraphQLSchema, type SelectionSetNode } from "graphql";

type Entity = Record<string, unknown> | null;

/**
 * Stands in for an entity fetch whose subgraph is down or too slow.
 *
 * Why: when a fetch fails, @apollo/gateway leaves the fields it asked for undefined, and a later
 * fetch that `@requires` them skips the entity altogether (a missing input makes the whole
 * representation null). The CRM's `Company.cases`/`permits` require every department's index
 * field, so one stopped departmental subgraph would take every department's cases away. Answering
 * the failed fetch with null for the fields it asked for makes a stopped subgraph look like a
 * department whose system failed: null plus an error. The CRM then merges the other departments
 * and names the missing one in `incompleteDepartments`.
 *
 * A field can only be null where the schema allows it: an entity for which a non-null field was
 * asked becomes null as a whole, as the gateway treats an entity the subgraph could not resolve.
 */
export class EntityFallback {
  private readonly schema: GraphQLSchema;

  constructor(supergraphSdl: string) {
    this.schema = buildSchema(supergraphSdl, { assumeValidSDL: true });
  }

  /** The `_entities` answer for a failed fetch, or undefined when the request was not an entity fetch. */
  answer(query: string, variables: Record<string, unknown> | undefined): { _entities: Entity[] } | undefined {
    const representations = variables?.representations;
    if (!Array.isArray(representations)) return undefined;
    const selection = entitiesSelection(query);
    if (!selection) return undefined;
    const fieldsByType = new Map<string, readonly FieldNode[]>();
    for (const fragment of selection.selections) {
      if (fragment.kind === Kind.INLINE_FRAGMENT && fragment.typeCondition) {
        fieldsByType.set(
          fragment.typeCondition.name.value,
          fragment.selectionSet.selections.filter((field): field is FieldNode => field.kind === Kind.FIELD),
        );
      }
    }
    return {
      _entities: representations.map((representation: { __typename?: unknown }) =>
        typeof representation?.__typename === "string"
          ? this.nulledEntity(representation.__typename, fieldsByType.get(representation.__typename) ?? [])
          : null,
      ),
    };
  }

  private nulledEntity(typename: string, fields: readonly FieldNode[]): Entity {
    const type = this.schema.getType(typename);
    if (!isObjectType(type)) return null;
    const entity: Record<string, unknown> = { __typename: typename };
    for (const field of fields) {
      const name = field.name.value;
      if (name === "__typename") continue;
      const definition = type.getFields()[name];
      if (!definition || !isNullableType(definition.type)) return null;
      entity[field.alias?.value ?? name] = null;
    }
    return entity;
  }
}

function entitiesSelection(query: string): SelectionSetNode | undefined {
  let document;
  try {
    document = parse(query);
  } catch {
    return undefined;
  }
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const selection of definition.selectionSet.selections) {
      if (selection.kind === Kind.FIELD && selection.name.value === "_entities") return selection.selectionSet;
    }
  }
  return undefined;
}
