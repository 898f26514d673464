import {
  GraphQLError,
  Kind,
  parse,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type VariableDefinitionNode,
} from "graphql";
import { getArgumentValues } from "graphql/execution/values";
import { ErrorCode } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";

/** The one subscription field the stream serves. */
const NOTIFICATION_ADDED = "notificationAdded";

/**
 * What a notificationAdded subscription runs for each event: the same selection, as a query on
 * Me.notification(id) executed through the federated graph as the subscriber, so an event carries
 * exactly what the subscriber would get by querying (need-to-know is the graph's, not ours).
 */
export interface EventQuery {
  document: DocumentNode;
  /** The printed query, as Apollo Server runs it. */
  text: string;
  operationName: string;
  /** The variable the notification's id goes in. */
  idVariable: string;
  /** Where the client expects the notification: the field's alias, or notificationAdded. */
  responseKey: string;
  /** The field's `after` argument, when given (a cursor from an earlier event). */
  after: string | undefined;
}

/** Newest first, the subscriber's notifications a resumed stream may have missed: at most one page. */
const MISSED_PAGE = 100;
export const MISSED_QUERY = `query NotificationsSince { me { notifications(first: ${MISSED_PAGE}) { edges { node { id } } } } }`;

function subscriptionsOnly(): GraphQLError {
  return new GraphQLError(refusal.stream.subscriptionsOnly, { extensions: { code: ErrorCode.BadUserInput, http: { status: 400 } } });
}

/**
 * The event query of a validated subscription document. Anything but a subscription of
 * notificationAdded (a query, a mutation, another field) is BAD_USER_INPUT: /graphql answers those.
 */
export function eventQuery(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): EventQuery {
  if (operation.operation !== "subscription") throw subscriptionsOnly();
  const fragments = new Map(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const field = rootField(operation.selectionSet, fragments);
  const definition = schema.getSubscriptionType()?.getFields()[NOTIFICATION_ADDED];
  if (!field || field.name.value !== NOTIFICATION_ADDED || !definition || !field.selectionSet) throw subscriptionsOnly();
  const after = getArgumentValues(definition, field, variables).after;

  const used = usedFragments(field.selectionSet, fragments);
  const variableNames = new Set<string>();
  for (const node of [field.selectionSet, ...used]) visit(node, { Variable: (variable) => void variableNames.add(variable.name.value) });
  let idVariable = "notificationId";
  while (operation.variableDefinitions?.some((definition) => definition.variable.name.value === idVariable)) idVariable += "_";
  const idDefinition = parse(`query ($${idVariable}: ID!) { __typename }`).definitions[0] as OperationDefinitionNode;
  const operationName = operation.name?.value ?? "NotificationAdded";
  const query: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: "query" as OperationDefinitionNode["operation"],
    name: { kind: Kind.NAME, value: operationName },
    variableDefinitions: [
      ...(operation.variableDefinitions ?? []).filter((definition) => variableNames.has(definition.variable.name.value)),
      ...(idDefinition.variableDefinitions as VariableDefinitionNode[]),
    ],
    directives: [],
    selectionSet: selections(fieldNode("me", selections(fieldNode("notification", field.selectionSet, idVariable)))),
  };
  const built: DocumentNode = { kind: Kind.DOCUMENT, definitions: [query, ...used] };
  return {
    document: built,
    text: print(built),
    operationName,
    idVariable,
    responseKey: field.alias?.value ?? NOTIFICATION_ADDED,
    after: typeof after === "string" ? after : undefined,
  };
}

function selections(...fields: FieldNode[]): SelectionSetNode {
  return { kind: Kind.SELECTION_SET, selections: fields };
}

function fieldNode(name: string, selectionSet: SelectionSetNode, idVariable?: string): FieldNode {
  return {
    kind: Kind.FIELD,
    name: { kind: Kind.NAME, value: name },
    arguments: idVariable
      ? [
          {
            kind: Kind.ARGUMENT,
            name: { kind: Kind.NAME, value: "id" },
            value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: idVariable } },
          },
        ]
      : [],
    directives: [],
    selectionSet,
  };
}

/** The subscription's one root field (validation allows exactly one), through any fragments on the root. */
function rootField(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): FieldNode | undefined {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== "__typename") return selection;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const found = rootField(selection.selectionSet, fragments, seen);
      if (found) return found;
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      const found = fragment && rootField(fragment.selectionSet, fragments, seen);
      if (found) return found;
    }
  }
  return undefined;
}

/** The fragments a selection set spreads, directly or through other fragments. */
function usedFragments(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const used = new Map<string, FragmentDefinitionNode>();
  const walk = (node: SelectionSetNode) =>
    visit(node, {
      FragmentSpread: (spread) => {
        const fragment = fragments.get(spread.name.value);
        if (!fragment || used.has(fragment.name.value)) return;
        used.set(fragment.name.value, fragment);
        walk(fragment.selectionSet);
      },
    });
  walk(selectionSet);
  return [...used.values()];
}
