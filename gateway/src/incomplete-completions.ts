import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type FragmentDefinitionNode, type SelectionSetNode } from "graphql";

/** A department's entity fetch that failed, at its path in the response (`@` for every list item). */
interface FailedCompletion {
  department: string;
  path: readonly (string | number)[];
}

/** What the gateway context carries: the completions that failed while this operation ran. */
export interface CompletionFailures {
  failedCompletions?: FailedCompletion[];
}

const FIELD = "incompleteDepartments";

/**
 * A department whose case index arrived but whose completion fetch then failed leaves its cases
 * null in lists the CRM assembled, and the CRM, which answered before, could not know: its
 * `incompleteDepartments` said []. After execution this names the department in every
 * `incompleteDepartments` the client asked for on the way to the failed entities (the
 * scorecard, alerts or connection holding them): their data from that department is incomplete,
 * which is what the field says. The fetch's SUBGRAPH_* error still names the department too.
 * Apollo Gateway's paths for entity errors index the representations, not the list the client
 * sees (wrong as soon as departments' cases are mixed), so the path is not reconstructed here.
 */
export function incompleteCompletionsPlugin<Context extends CompletionFailures>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response, operation, document }) {
          const failures = contextValue.failedCompletions;
          if (!failures?.length || response.body.kind !== "single" || !operation) return;
          const data = response.body.singleResult.data;
          if (!data) return;
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const definition of document?.definitions ?? [])
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
          for (const failure of failures)
            nameAlongPath([{ value: data, selections: [operation.selectionSet] }], failure.path, failure.department, fragments);
        },
      };
    },
  };
}

interface Position {
  value: unknown;
  selections: readonly SelectionSetNode[];
}

/** Walks the response along `path`, adding the department to each object above the last segment that carries the field. */
function nameAlongPath(
  start: Position[],
  path: readonly (string | number)[],
  department: string,
  fragments: Map<string, FragmentDefinitionNode>,
): void {
  let positions = start;
  for (const segment of path) {
    const next: Position[] = [];
    for (const { value, selections } of positions) {
      if (segment === "@") {
        if (Array.isArray(value)) for (const item of value) next.push({ value: item, selections });
        continue;
      }
      if (!value || typeof value !== "object" || Array.isArray(value)) continue;
      const object = value as Record<string, unknown>;
      for (const key of responseKeys(selections, fragments, (name) => name === FIELD)) {
        const named = object[key];
        if (Array.isArray(named) && !named.includes(department)) named.push(department);
      }
      const child = responseKeys(selections, fragments, () => true, String(segment));
      if (child.size) next.push({ value: object[String(segment)], selections: childSelections(selections, fragments, String(segment)) });
    }
    positions = next;
  }
}

/** The fields of these selection sets (through fragments), each visited once per set. */
function* fields(
  selections: readonly SelectionSetNode[],
  fragments: Map<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): Generator<{ key: string; name: string; selectionSet?: SelectionSetNode }> {
  for (const set of selections) {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD)
        yield {
          key: selection.alias?.value ?? selection.name.value,
          name: selection.name.value,
          ...(selection.selectionSet ? { selectionSet: selection.selectionSet } : {}),
        };
      else if (selection.kind === Kind.INLINE_FRAGMENT) yield* fields([selection.selectionSet], fragments, seen);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) yield* fields([fragment.selectionSet], fragments, seen);
      }
    }
  }
}

function responseKeys(
  selections: readonly SelectionSetNode[],
  fragments: Map<string, FragmentDefinitionNode>,
  byName: (name: string) => boolean,
  key?: string,
): Set<string> {
  const keys = new Set<string>();
  for (const field of fields(selections, fragments))
    if (byName(field.name) && (key === undefined || field.key === key)) keys.add(field.key);
  return keys;
}

function childSelections(
  selections: readonly SelectionSetNode[],
  fragments: Map<string, FragmentDefinitionNode>,
  key: string,
): SelectionSetNode[] {
  const children: SelectionSetNode[] = [];
  for (const field of fields(selections, fragments)) if (field.key === key && field.selectionSet) children.push(field.selectionSet);
  return children;
}
