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
import { LIST_SIZES, MAX_PAGE, SIZED_FIELDS, SLICING_ARGUMENTS } from "./list-sizes";
import { DEPARTMENT_INDEX_FIELDS, DEPARTMENT_READ_COST } from "./source-reads";

/**
 * The estimated cost of an operation: every field costs 1, times the sizes of all the lists
 * around it (100 companies × 20 cases each is 2,000 case nodes). Sizes come from `first` (the
 * argument, the variable, the variable's default or the schema's default, in that order) or from
 * LIST_SIZES; aliases are fields like any other. On top, each place that reads the department
 * systems (source-reads.ts) costs those calls, once per place and not per list item: the rows
 * are in the field cost, the calls are what a batched fetch does not multiply.
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

export function measureCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Variables,
): OperationCost {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const variableDefaults: Variables = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) variableDefaults[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
  }
  const variableValue = (name: string) => ((variables[name] ?? null) !== null ? variables[name] : variableDefaults[name]);
  /** Cost per item (multiplied by the list around it) and the department reads (not multiplied). */
  type Cost = { perItem: number; reads: number };
  const fragmentCosts = new Map<string, Cost>();
  let visits = 0;

  const pageSize = (field: FieldNode, definition: GraphQLField<unknown, unknown>): number | undefined => {
    for (const name of SLICING_ARGUMENTS) {
      const argument = definition.args.find((candidate) => candidate.name === name);
      if (!argument) continue;
      const given: ArgumentNode | undefined = field.arguments?.find((candidate) => candidate.name.value === name);
      const raw = given
        ? given.value.kind === Kind.VARIABLE
          ? variableValue(given.value.name.value)
          : valueFromASTUntyped(given.value)
        : undefined;
      return clampPage(raw ?? argument.defaultValue) ?? MAX_PAGE;
    }
    return undefined;
  };

  /** Cost of one selection set with a multiplier of 1; `page` sizes a connection's `edges`. */
  const selectionCost = (selectionSet: SelectionSetNode, type: GraphQLNamedType, page: number | undefined): Cost => {
    const cost: Cost = { perItem: 0, reads: 0 };
    // One read of the department indexes serves every such field of this selection.
    let readsDepartments = false;
    const add = (child: Cost, size = 1) => {
      cost.perItem += size * child.perItem;
      cost.reads += child.reads;
    };
    for (const selection of selectionSet.selections) {
      visits++;
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith("__")) continue;
        cost.perItem += 1;
        if (!readsDepartments && DEPARTMENT_INDEX_FIELDS.has(`${type.name}.${selection.name.value}`)) {
          readsDepartments = true;
          cost.reads += 1;
        }
        const definition = fieldDefinition(type, selection.name.value);
        if (!selection.selectionSet || !definition) continue;
        const childType = getNamedType(definition.type);
        const isList = isListType(getNullableType(definition.type));
        const slice = pageSize(selection, definition);
        const size = !isList
          ? 1
          : page !== undefined && SIZED_FIELDS.has(selection.name.value)
            ? page
            : (slice ?? LIST_SIZES[`${type.name}.${selection.name.value}`] ?? MAX_PAGE);
        // A page sized by `first` on a connection passes down to the connection's `edges`.
        add(selectionCost(selection.selectionSet, childType, isList ? undefined : slice), size);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        add(selectionCost(selection.selectionSet, condition && isCompositeType(condition) ? condition : type, page));
      } else {
        const key = `${selection.name.value}:${page ?? ""}`;
        let fragmentCost = fragmentCosts.get(key);
        if (fragmentCost === undefined) {
          const fragment = fragments.get(selection.name.value);
          // Cycles are invalid GraphQL and refused by validation; 0 while measuring stops a loop.
          fragmentCosts.set(key, { perItem: 0, reads: 0 });
          const condition = fragment ? schema.getType(fragment.typeCondition.name.value) : undefined;
          fragmentCost = fragment
            ? selectionCost(fragment.selectionSet, condition && isCompositeType(condition) ? condition : type, page)
            : { perItem: 0, reads: 0 };
          fragmentCosts.set(key, fragmentCost);
        }
        add(fragmentCost);
      }
    }
    return cost;
  };

  const root =
    operation.operation === "mutation"
      ? schema.getMutationType()
      : operation.operation === "subscription"
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  const measured = root ? selectionCost(operation.selectionSet, root, undefined) : { perItem: 0, reads: 0 };
  return { cost: measured.perItem + measured.reads * DEPARTMENT_READ_COST, visits };
}
