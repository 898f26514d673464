// The benchmark's baseline: the same API schema in ONE process, resolved by the subgraphs' own
// resolver code over the same department systems (HTTP, same clients, same DataLoaders) and the
// same CRM database, served with the same Apollo tuning as serveSubgraph. No gateway, no
// subgraph hops: what is left between this and the gateway is what federation costs.
//
// It reads the supergraph to know which subgraph owns each field, then
//  - calls the owner's resolver with the owner's own per-request context,
//  - completes entity references (`{ __typename, id }`, e.g. the CRM's case references) with the
//    owner's __resolveReference, as the gateway's _entities fetch would,
//  - resolves a field's @requires (the CRM's Company.cases needs <dept>CaseIndex) from the owning
//    department's resolver first, once per company, as the gateway's query plan would.
//
// Environment: HOST, PORT, CRM_DATA_DIR, SOURCE_URL_<BIF|TMF|KFF|OKF>, SUPERGRAPH_PATH.
import http from "node:http";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(join(root, "gateway", "package.json"));
process.env.APOLLO_TELEMETRY_DISABLED ??= "true";

const express = require("express");
const { ApolloServer } = require("@apollo/server");
const { expressMiddleware } = require("@as-integrations/express5");
const { ApolloServerPluginDrainHttpServer } = require("@apollo/server/plugin/drainHttpServer");
const { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } = require("@apollo/server/plugin/disabled");
const { Supergraph } = require("@apollo/federation-internals");
const { addResolversToSchema } = require("@graphql-tools/schema");
const { parse, Kind, defaultFieldResolver, isObjectType, isAbstractType, isScalarType, isEnumType } = require("graphql");
// By file, not by the kit's exports map, so the monolith also runs against a checkout from before it.
const kit = { ...require(join(root, "packages/kit/dist/auth")), ...require(join(root, "packages/kit/dist/errors")) };
const crm = require(join(root, "subgraphs/crm"));
const departments = {
  bif: require(join(root, "subgraphs/bif")),
  tmf: require(join(root, "subgraphs/tmf")),
  kff: require(join(root, "subgraphs/kff")),
  okf: require(join(root, "subgraphs/okf")),
};

const env = process.env;
const supergraphSdl = readFileSync(env.SUPERGRAPH_PATH ?? join(root, "schema/supergraph.graphql"), "utf8");

// ---- the subgraphs, in-process -------------------------------------------------------------
const db = await crm.openDatabase(crm.databaseConfig({ CRM_DATA_DIR: env.CRM_DATA_DIR ?? "memory" }));
await crm.applyMigrations(db.migrationFactory());
const subgraphs = { crm: crm.createCrmSubgraph({ db: db.prisma }) };
for (const [name, module] of Object.entries(departments)) {
  const title = name[0].toUpperCase() + name.slice(1);
  const client = module[`create${title}Client`]({
    baseUrl: env[`SOURCE_URL_${name.toUpperCase()}`],
    timeoutMs: Number(env.SOURCE_TIMEOUT_MS ?? 2000),
  });
  subgraphs[name] = module[`create${title}Subgraph`]({ client });
}

// ---- who owns what, from the supergraph's join directives ----------------------------------
const graphNames = {}; // enum value (BIF) -> subgraph name (bif)
const typeInfo = new Map(); // type -> { keys: Set, fields: Map<field, { graphs: string[], requires?: string }> }
const argument = (directive, name) => directive.arguments?.find((arg) => arg.name.value === name)?.value;
for (const definition of parse(supergraphSdl).definitions) {
  if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === "join__Graph") {
    for (const value of definition.values) {
      const name = argument(
        value.directives.find((d) => d.name.value === "join__graph"),
        "name",
      ).value;
      graphNames[value.name.value] = name;
    }
  }
  if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
  const info = { graphs: [], keys: new Set(), fields: new Map() };
  for (const directive of definition.directives ?? []) {
    if (directive.name.value !== "join__type") continue;
    info.graphs.push(argument(directive, "graph").value);
    const key = argument(directive, "key")?.value;
    if (key) for (const field of key.split(/[\s{}]+/)) if (field) info.keys.add(field);
  }
  for (const field of definition.fields ?? []) {
    const joins = (field.directives ?? []).filter((d) => d.name.value === "join__field" && argument(d, "external")?.value !== true);
    info.fields.set(field.name.value, {
      graphs: joins.map((d) => argument(d, "graph")?.value).filter(Boolean),
      requires: joins.map((d) => argument(d, "requires")?.value).find(Boolean),
    });
  }
  typeInfo.set(definition.name.value, info);
}
const ownersOf = (type, field) => {
  const info = typeInfo.get(type);
  const graphs = info.fields.get(field)?.graphs.length ? info.fields.get(field).graphs : info.graphs;
  return graphs.map((graph) => graphNames[graph]);
};
const resolverOf = (subgraph, type, field) => subgraphs[subgraph].resolvers[type]?.[field];

// ---- per-request contexts: one per subgraph, exactly what serveSubgraph would build ---------
const identity = { userId: "bench-key-account-manager", role: "KEY_ACCOUNT_MANAGER" };
const accessLogSink = subgraphs.crm.internalEndpoints?.["access-log"]
  ? (batch, request) => subgraphs.crm.internalEndpoints["access-log"](batch, request.identity)
  : undefined;
async function monolithContext() {
  const contexts = {};
  for (const [name, subgraph] of Object.entries(subgraphs)) {
    contexts[name] = await subgraph.context({ operationId: undefined, readOnly: false, headers: {} });
    attachIdentity(name, contexts[name]);
  }
  const context = { subgraphs: contexts };
  attachIdentity("monolith", context);
  return context;
}
function attachIdentity(name, context) {
  if (!kit.attachAccess || !kit.AccessLogRecorder) return;
  kit.attachAccess(context, { identity, accessLog: new kit.AccessLogRecorder(name, accessLogSink, { identity, gatewayToken: "" }) });
}

// ---- entity references and @requires, once per object per request -------------------------
const completed = new WeakMap(); // reference object -> Map<subgraph, Promise<object>>
function isBareReference(parent, type) {
  if (typeof parent !== "object" || parent === null || parent.__typename === undefined) return false;
  const keys = typeInfo.get(type)?.keys;
  for (const field of Object.keys(parent)) if (field !== "__typename" && !keys?.has(field)) return false;
  return true;
}
function complete(subgraph, type, reference, context) {
  let bySubgraph = completed.get(reference);
  if (!bySubgraph) completed.set(reference, (bySubgraph = new Map()));
  let pending = bySubgraph.get(subgraph);
  if (!pending) {
    const resolveReference = resolverOf(subgraph, type, "__resolveReference");
    pending = Promise.resolve(resolveReference(reference, context.subgraphs[subgraph])).then(
      (entity) => entity && { __typename: type, ...entity },
    );
    bySubgraph.set(subgraph, pending);
  }
  return pending;
}
const required = new WeakMap(); // entity -> Map<field, Promise<value>>
function requiredField(type, parent, field, context) {
  let byField = required.get(parent);
  if (!byField) required.set(parent, (byField = new Map()));
  let pending = byField.get(field);
  if (!pending) {
    const [owner] = ownersOf(type, field);
    const resolve = resolverOf(owner, type, field) ?? defaultFieldResolver;
    // A failed department gives null here, as it does through the gateway: the CRM lists it in incompleteDepartments.
    pending = Promise.resolve()
      .then(() => resolve(parent, {}, context.subgraphs[owner], { fieldName: field }))
      .catch(() => null);
    byField.set(field, pending);
  }
  return pending;
}
const topLevelFields = (selection) => {
  const names = [];
  let depth = 0;
  for (const token of selection.split(/([{}\s])/)) {
    if (token === "{") depth++;
    else if (token === "}") depth--;
    else if (token.trim() && depth === 0) names.push(token.trim());
  }
  return names;
};

function fieldResolver(type, field) {
  const owners = ownersOf(type, field);
  const owner = owners.find((name) => resolverOf(name, type, field)) ?? owners[0];
  const resolve = resolverOf(owner, type, field);
  const info = typeInfo.get(type);
  const completes = !info.keys.has(field) && Boolean(resolverOf(owner, type, "__resolveReference"));
  const requires = info.fields.get(field)?.requires;
  const requiredFields = requires ? topLevelFields(requires) : [];
  if (!resolve && !completes && !requires) return undefined; // graphql-js's default resolver, as in the subgraph
  const call = resolve ?? defaultFieldResolver;
  if (!completes && !requires) return (parent, args, context, info_) => call(parent, args, context.subgraphs[owner], info_);
  return (parent, args, context, info_) => {
    const entity = completes && isBareReference(parent, type) ? complete(owner, type, parent, context) : parent;
    if (!requires && !(entity instanceof Promise)) return call(entity, args, context.subgraphs[owner], info_);
    return Promise.resolve(entity).then(async (source) => {
      if (source === null) return null;
      if (requires) {
        const values = await Promise.all(requiredFields.map((name) => requiredField(type, parent, name, context)));
        source = { ...source };
        requiredFields.forEach((name, index) => (source[name] = values[index]));
      }
      return call(source, args, context.subgraphs[owner], info_);
    });
  };
}

// ---- the API schema with those resolvers ---------------------------------------------------
const schema = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
const resolvers = {};
for (const type of Object.values(schema.getTypeMap())) {
  if (type.name.startsWith("__")) continue;
  if (isScalarType(type) || isEnumType(type)) {
    // Custom scalars and enum value maps, from whichever subgraph defines them.
    const definition = Object.values(subgraphs)
      .map((subgraph) => subgraph.resolvers[type.name])
      .find(Boolean);
    if (definition) resolvers[type.name] = definition;
    continue;
  }
  if (isAbstractType(type)) {
    const resolveType = Object.values(subgraphs)
      .map((subgraph) => subgraph.resolvers[type.name]?.__resolveType)
      .find(Boolean);
    if (resolveType) resolvers[type.name] = { __resolveType: resolveType };
    continue;
  }
  if (!isObjectType(type) || !typeInfo.has(type.name)) continue;
  for (const field of Object.keys(type.getFields())) {
    const resolve = fieldResolver(type.name, field);
    if (resolve) (resolvers[type.name] ??= {})[field] = resolve;
  }
}
let apiSchema = addResolversToSchema({ schema, resolvers });
if (kit.applyFieldPolicy) {
  const policies = Object.values(subgraphs).map((subgraph) => subgraph.policy ?? {});
  apiSchema = kit.applyFieldPolicy(apiSchema, Object.assign({}, ...policies));
}

// ---- served like a subgraph: express, Apollo Server, the same plugins and error masking ----
const app = express();
const httpServer = http.createServer(app);
const server = new ApolloServer({
  schema: apiSchema,
  formatError: (formatted) => kit.maskError(formatted),
  plugins: [
    ApolloServerPluginDrainHttpServer({ httpServer }),
    ApolloServerPluginInlineTraceDisabled(),
    ApolloServerPluginCacheControlDisabled(),
  ],
});
await server.start();
app.get("/health", (_req, res) => res.json({ status: "ok", service: "monolith" }));
app.use("/graphql", express.json({ limit: "5mb" }), expressMiddleware(server, { context: monolithContext }));
const host = env.HOST ?? "127.0.0.1";
await new Promise((resolve) => httpServer.listen(Number(env.PORT ?? 4300), host, resolve));
console.log(`monolith ready at http://${host}:${httpServer.address().port}/graphql`);

const stop = async () => {
  await server.stop();
  for (const subgraph of Object.values(subgraphs)) subgraph.close?.();
  await db.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
