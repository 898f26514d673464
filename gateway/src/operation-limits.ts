import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode, type ValueNode } from "graphql";
import { ErrorCode } from "@company-graph/kit";

export interface OperationLimits {
  /** Deepest field nesting allowed (the company view needs 7). */
  maxDepth: number;
  /** Highest estimated cost allowed (see operationCost). */
  maxCost: number;
}

export const DEFAULT_LIMITS: OperationLimits = { maxDepth: 12, maxCost: 10_000 };
/** Subgraphs refuse pages above this, so a larger `first` cannot cost more than it. */
const MAX_PAGE = 100;

export interface OperationMeasure {
  depth: number;
  cost: number;
}

function pageSize(value: ValueNode | undefined, variables: Record<string, unknown>): number {
  if (!value) return 1;
  const raw = value.kind === Kind.VARIABLE ? variables[value.name.value] : value.kind === Kind.INT ? Number(value.value) : undefined;
  return typeof raw === "number" && Number.isFinite(raw) ? Math.min(Math.max(raw, 1), MAX_PAGE) : 1;
}

/**
 * Depth and estimated cost of an operation: every field costs 1, times the page sizes (`first`)
 * of the lists around it. An estimate without the schema, but it grows the way the work does:
 * 100 companies × 100 cases each is 10,000 case nodes.
 */
export function measureOperation(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>, variables: Record<string, unknown>): OperationMeasure {
  let depth = 0;
  const walk = (selectionSet: SelectionSetNode, level: number, multiplier: number, seen: Set<string>): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith("__")) continue;
        depth = Math.max(depth, level);
        cost += multiplier;
        if (selection.selectionSet) {
          const first = selection.arguments?.find((argument) => argument.name.value === "first" || argument.name.value === "last")?.value;
          cost += walk(selection.selectionSet, level + 1, multiplier * pageSize(first, variables), seen);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        cost += walk(selection.selectionSet, level, multiplier, seen);
      } else {
        const fragment = fragments.get(selection.name.value);
        // A fragment spread inside itself is invalid GraphQL; validation reports it, we stop.
        if (fragment && !seen.has(fragment.name.value)) cost += walk(fragment.selectionSet, level, multiplier, new Set([...seen, fragment.name.value]));
      }
    }
    return cost;
  };
  const cost = walk(operation.selectionSet, 1, 1, new Set());
  return { depth, cost };
}

/** Throws OPERATION_TOO_COMPLEX when an operation is deeper or costlier than allowed. */
export function enforceLimits(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>, limits: OperationLimits): void {
  const fragments = new Map(document.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]));
  const { depth, cost } = measureOperation(operation, fragments, variables);
  if (depth > limits.maxDepth)
    throw new GraphQLError(`The operation nests fields ${depth} deep; at most ${limits.maxDepth} is allowed`, { extensions: { code: ErrorCode.OperationTooComplex, depth, maxDepth: limits.maxDepth, http: { status: 400 } } });
  if (cost > limits.maxCost)
    throw new GraphQLError(`The operation's estimated cost is ${cost}; at most ${limits.maxCost} is allowed (ask for smaller pages or fewer nested lists)`, {
      extensions: { code: ErrorCode.OperationTooComplex, cost, maxCost: limits.maxCost, http: { status: 400 } },
    });
}
