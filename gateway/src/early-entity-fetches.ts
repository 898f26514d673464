import { Kind, parse, type DocumentNode, type FieldNode, type ValueNode } from "graphql";
import type { GraphQLDataSource } from "@apollo/gateway";
import { isValidCvr } from "@company-graph/domain";
import { COMPANY_RECORDS_RULE, mayReadRootField, type RequestIdentity } from "@company-graph/kit/auth";
import { inSpan, metrics } from "@company-graph/kit/observability";
import type { ApolloServerPlugin } from "@apollo/server";
import { INCOMING_OPERATION, planFetchVariables, type QueryPlanInfo } from "./apollo-gateway-private";

type PlanNode = NonNullable<QueryPlanInfo["queryPlan"]["node"]>;
type FetchNode = Extract<PlanNode, { kind: "Fetch" }>;
type SelectionNode = NonNullable<FetchNode["requires"]>[number];
type FetchResult = Awaited<ReturnType<GraphQLDataSource["process"]>>;

/**
 * A root field that looks an entity up by its key: the entity it returns, if any, has the key
 * the arguments name. `Query.company(cvr)` answers the Company whose cvr is the argument, or null
 * (the CRM validates the argument and returns it as given).
 */
interface KeyLookup {
  rootField: string;
  typename: string;
  /** The key field, filled from the argument of the same name. */
  key: string;
  /** Only a value the root field would accept is fetched early (a refused one would waste the fetches). */
  accepts: (value: unknown) => boolean;
  /**
   * Only for a caller the root field would answer: whoever it refuses (FORBIDDEN) makes no
   * department read anything for them, as without early fetches.
   */
  mayLookUp: (identity: RequestIdentity | undefined) => boolean;
}

const KEY_LOOKUPS: readonly KeyLookup[] = [
  {
    rootField: "company",
    typename: "Company",
    key: "cvr",
    accepts: (value) => typeof value === "string" && isValidCvr(value),
    // The CRM's own rule for Query.company (subgraphs/crm/src/policy.ts), checked as its field wrappers check it.
    mayLookUp: (identity) => mayReadRootField(identity, "Query.company", COMPANY_RECORDS_RULE),
  },
];

/** The fetches of one operation started before their plan node runs, claimed by it when it does. */
export class EarlyFetches {
  /** By subgraph and document; the variables are compared only when those match. */
  private readonly started = new Map<string, { subgraph: string; variables: string; pending: Promise<FetchResult> }>();

  start(subgraph: string, query: string, variables: Record<string, unknown>, fetch: () => Promise<FetchResult>): void {
    // One early fetch per subgraph and document; the caller sends one lookup's at most.
    if (this.started.has(`${subgraph}\n${query}`)) return;
    const pending = fetch();
    // A fetch nobody claims (the root field answered null) is dropped, its failure with it.
    pending.catch(() => undefined);
    this.started.set(`${subgraph}\n${query}`, { subgraph, variables: JSON.stringify(variables), pending });
  }

  /** The early fetch sent with exactly this subgraph, document and variables, once. */
  claim(subgraph: string, query: string | undefined, variables: Record<string, unknown> | undefined): Promise<FetchResult> | undefined {
    const key = `${subgraph}\n${query}`;
    const started = this.started.get(key);
    if (!started) return undefined;
    this.started.delete(key);
    const matches = started.variables === JSON.stringify(variables ?? {});
    metrics.earlyFetch(subgraph, matches ? "claimed" : "dropped");
    return matches ? started.pending : undefined;
  }

  /**
   * At the end of the operation: what no plan node claimed is counted as dropped, and waited for,
   * so no fetch outlives its request (and the caller's concurrency budget, held until the answer).
   */
  async dropUnclaimed(): Promise<void> {
    const unclaimed = [...this.started.values()];
    this.started.clear();
    for (const { subgraph } of unclaimed) metrics.earlyFetch(subgraph, "dropped");
    await Promise.allSettled(unclaimed.map(({ pending }) => pending));
  }
}

/** Drops the early fetches of an operation that no plan node claimed before its answer goes out. */
export function earlyFetchesPlugin<Context extends EarlyFetchContext>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue }) {
          await contextValue.earlyFetches?.dropUnclaimed();
        },
      };
    },
  };
}

/** The context fields early fetches read: who asks, and where the data sources find them. */
export interface EarlyFetchContext {
  identity?: RequestIdentity;
  earlyFetches?: EarlyFetches;
}

/**
 * Early entity fetches: why the company view's departments need not wait for the CRM.
 *
 * The query plan of `company(cvr) { name cases { … } }` is three levels: the CRM answers the
 * company, then each department gets `_entities(representations: [{ __typename: "Company", cvr }])`
 * for its case index, then the CRM merges the indexes. The second level needs nothing from the
 * first but the key, and `company(cvr:)` looks the company up by that key: the representation is
 * known from the operation's own arguments before the CRM answers. So the departments' fetches
 * are sent at once, beside the CRM's, and each plan node claims its fetch when it runs, if it
 * sends exactly the same document and variables; any other fetch goes out as usual. When the CRM
 * answers null (no such company, or not for this caller) no node claims them and their answers
 * are dropped unread, and the answer waits for them, so none outlives the request. Only queries,
 * only a level right after the root fetch, only key-only `requires`, only lookups declared in
 * KEY_LOOKUPS with a value they accept and for a caller they answer, one lookup per operation.
 *
 * Written here because the planner cannot express it: a root field belongs to one subgraph,
 * so every entity fetch below it waits for that subgraph's answer (Apollo Router and Hive Gateway
 * plan it the same way).
 */
export function startEarlyEntityFetches(
  { queryPlan, serviceMap, requestContext, operationContext }: QueryPlanInfo,
  lookups: readonly KeyLookup[] = KEY_LOOKUPS,
): void {
  if (operationContext.operation.operation !== "query") return;
  const root = queryPlan.node;
  if (root?.kind !== "Sequence" || root.nodes.length < 2) return;
  const [first, second] = root.nodes;
  if (first.kind !== "Fetch" || first.requires) return;
  const context = requestContext.context as EarlyFetchContext;
  const variables = requestContext.request.variables ?? {};
  const rootFields = topLevelFields(first);
  const early = [];
  for (const flatten of second.kind === "Parallel" ? second.nodes : [second]) {
    if (flatten.kind !== "Flatten" || flatten.path.length !== 1 || flatten.node.kind !== "Fetch") continue;
    const fetch = flatten.node;
    const service = serviceMap[fetch.serviceName];
    const field = rootFields.get(String(flatten.path[0]));
    const lookup = field && lookups.find((candidate) => candidate.rootField === field.name.value);
    if (!service || !lookup || fetch.inputRewrites?.length || fetch.contextRewrites?.length || !requiresOnlyKey(fetch.requires, lookup))
      continue;
    const keyValue = argumentValue(field, lookup.key, variables);
    if (!lookup.accepts(keyValue) || !lookup.mayLookUp(context.identity)) continue;
    early.push({ flatten, fetch, service, lookup, keyValue });
  }
  // One lookup per operation (the company view): thirty aliased lookups of companies that do not
  // exist would otherwise cost thirty times the departments' fetches for thirty nulls.
  if (new Set(early.map(({ flatten }) => String(flatten.path[0]))).size !== 1) return;
  for (const { flatten, fetch, service, lookup, keyValue } of early) {
    // As executeQueryPlan builds them, so the node's fetch matches this one exactly.
    const fetchVariables = planFetchVariables(fetch.variableUsages, variables);
    fetchVariables.representations = [{ __typename: lookup.typename, [lookup.key]: keyValue }];
    context.earlyFetches ??= new EarlyFetches();
    // In a span named as @apollo/gateway names its fetches, so the subgraph's request is a fetch's child in the trace.
    context.earlyFetches.start(fetch.serviceName, fetch.operation, fetchVariables, () =>
      inSpan("gateway.fetch", { attributes: { service: fetch.serviceName, "company_graph.early_fetch": true } }, () =>
        service.process({
          kind: INCOMING_OPERATION,
          request: { query: fetch.operation, variables: fetchVariables, operationName: fetch.operationName },
          incomingRequestContext: requestContext,
          context: requestContext.context,
          document: fetch.operationDocumentNode,
          pathInIncomingRequest: flatten.path,
        }),
      ),
    );
  }
}

/** The root fetch's top-level fields by response name. */
function topLevelFields(fetch: FetchNode): Map<string, FieldNode> {
  const document: DocumentNode = fetch.operationDocumentNode ?? parse(fetch.operation);
  const fields = new Map<string, FieldNode>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const selection of definition.selectionSet.selections)
      if (selection.kind === Kind.FIELD) fields.set(selection.alias?.value ?? selection.name.value, selection);
  }
  return fields;
}

/** `requires` is `... on <typename> { __typename <key> }`, nothing else. */
function requiresOnlyKey(requires: readonly SelectionNode[] | undefined, lookup: KeyLookup): boolean {
  if (requires?.length !== 1) return false;
  const [fragment] = requires;
  if (fragment.kind !== "InlineFragment" || fragment.typeCondition !== lookup.typename) return false;
  const names = fragment.selections.map((selection) =>
    selection.kind === "Field" && !selection.alias && !selection.selections ? selection.name : undefined,
  );
  return names.length === 2 && names[0] === "__typename" && names[1] === lookup.key;
}

function argumentValue(field: FieldNode, name: string, variables: Record<string, unknown>): unknown {
  const value: ValueNode | undefined = field.arguments?.find((argument) => argument.name.value === name)?.value;
  if (value?.kind === Kind.VARIABLE) return variables[value.name.value];
  if (value?.kind === Kind.STRING) return value.value;
  // The planner prints an ID literal of digits as an Int ("36509120" → 36509120); ID takes it back as the same string.
  if (value?.kind === Kind.INT) return value.value;
  return undefined;
}
