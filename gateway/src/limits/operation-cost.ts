import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { LIST_SIZES, MAX_PAGE, SIZED_FIELDS, SLICING_ARGUMENTS, UNDECLARED_LIST_SIZE } from "./list-sizes";

/**
 * The estimated cost of an operation: every field costs 1, times the sizes of all the lists
 * around it (100 companies × 20 cases each is 2,000 case nodes). Sizes come from `first` (the
 * argument, the variable, the variable's default or the schema's default, in that order) or from
 * LIST_SIZES; aliases are fields like any other.
 *
 * Hand-written because no maintained package fits: GraphQL Armor's cost-limit counts objects and
 * depth but knows no list sizes, and graphql-query-complexity re-walks a fragment for every spread
 * (exponential in nested spreads). Here a fragment is measured once per page size it is spread
 * under (memoized), so the work is linear in the document's size; `visits` counts the selections
 * walked, so a test can check that.
 */
export interface OperationCost {
  cost: number;
  /** Selections walked; linear in the document's size, however the fragments nest. */
  visits: number;
}

type Variables = Record<string, unknown>;

function fieldDefinition(type: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
}

function clampPage(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? Math.min(Math.max(Math.trunc(value), 0), MAX_PAGE) : undefined;
}

export function measureCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Variables): OperationCost {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const variableDefaults: Variables = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) variableDefaults[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
  }
  const variableValue = (name: string) => (variables[name] ?? null) !== null ? variables[name] : variableDefaults[name];
  const fragmentCosts = new Map<string, number>();
  let visits = 0;

  const pageSize = (field: FieldNode, definition: GraphQLField<unknown, unknown>): number | undefined => {
    for (const name of SLICING_ARGUMENTS) {
      const argument = definition.args.find((candidate) => candidate.name === name);
      if (!argument) continue;
      const given: ArgumentNode | undefined = field.arguments?.find((candidate) => candidate.name.value === name);
      const raw = given ? (given.value.kind === Kind.VARIABLE ? variableValue(given.value.name.value) : valueFromASTUntyped(given.value)) : undefined;
      return clampPage(raw ?? argument.defaultValue) ?? MAX_PAGE;
    }
    return undefined;
  };

  /** Cost of one selection set with a multiplier of 1; `page` sizes a connection's `edges`. */
  const selectionCost = (selectionSet: SelectionSetNode, type: GraphQLNamedType, page: number | undefined): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      visits++;
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith("__")) continue;
        cost += 1;
        const definition = fieldDefinition(type, selection.name.value);
        if (!selection.selectionSet || !definition) continue;
        const childType = getNamedType(definition.type);
        const isList = isListType(getNullableType(definition.type));
        const slice = pageSize(selection, definition);
        const size = !isList ? 1 : page !== undefined && SIZED_FIELDS.has(selection.name.value) ? page : slice ?? LIST_SIZES[`${type.name}.${selection.name.value}`] ?? UNDECLARED_LIST_SIZE;
        // A page sized by `first` on a connection passes down to the connection's `edges`.
        cost += size * selectionCost(selection.selectionSet, childType, isList ? undefined : slice);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        cost += selectionCost(selection.selectionSet, condition && isCompositeType(condition) ? condition : type, page);
      } else {
        const key = `${selection.name.value}:${page ?? ""}`;
        let fragmentCost = fragmentCosts.get(key);
        if (fragmentCost === undefined) {
          const fragment = fragments.get(selection.name.value);
          // Cycles are invalid GraphQL and refused by validation; 0 while measuring stops a loop.
          fragmentCosts.set(key, 0);
          const condition = fragment ? schema.getType(fragment.typeCondition.name.value) : undefined;
          fragmentCost = fragment ? selectionCost(fragment.selectionSet, condition && isCompositeType(condition) ? condition : type, page) : 0;
          fragmentCosts.set(key, fragmentCost);
        }
        cost += fragmentCost;
      }
    }
    return cost;
  };

  const root = operation.operation === "mutation" ? schema.getMutationType() : operation.operation === "subscription" ? schema.getSubscriptionType() : schema.getQueryType();
  const cost = root ? selectionCost(operation.selectionSet, root, undefined) : 0;
  return { cost, visits };
}
