// Hive Gateway for the benchmark: default settings, plus the two headers every subgraph of ours
// expects from a gateway, added the way our gateway adds them:
//  - x-gateway-token: the gateway's signed statement of who asks, one per fetch, bound to the
//    subgraph (audience), the fetch's document and the operation (subgraphs refuse anything else),
//  - x-operation-id: one id per client operation, so the departments serve the whole operation
//    from one loader cache (one call per department system), as they do behind our gateway.
// The key comes from the benchmark runner (BENCH_GATEWAY_SIGNING_JWK); nothing leaves 127.0.0.1:
// no Hive token or Apollo key is set, so no usage reporting, tracing or uplink.
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
// By file, not by the kit's exports map, so it also runs against a checkout from before it.
const kit = createRequire(join(root, "gateway", "package.json"))(join(root, "packages", "kit", "dist", "auth"));

const signingJwk = process.env.BENCH_GATEWAY_SIGNING_JWK;
const signingKey = signingJwk && kit.importSigningKey ? kit.importSigningKey(JSON.parse(signingJwk)) : undefined;
const identity = JSON.parse(process.env.BENCH_IDENTITY ?? '{"userId":"bench-key-account-manager","role":"KEY_ACCOUNT_MANAGER"}');
// Hive Gateway 2.15.1 does not tell onFetch which subgraph it fetches from: the runner passes
// the subgraphs' URLs (BENCH_SUBGRAPH_URLS, name → URL as in the supergraph) to find it by URL.
const subgraphByUrl = new Map(Object.entries(JSON.parse(process.env.BENCH_SUBGRAPH_URLS ?? "{}")).map(([name, url]) => [url, name]));

const operationIds = new WeakMap();
const operationIdOf = (context) => {
  let id = operationIds.get(context);
  if (!id) operationIds.set(context, (id = randomUUID()));
  return id;
};

export const gatewayConfig = {
  plugins: () => [
    {
      async onFetch({ context, options, setOptions, url }) {
        const operationId = operationIdOf(context);
        const headers = { ...options.headers, "x-operation-id": operationId };
        if (signingKey) {
          const { query: document = "", variables } = JSON.parse(options.body ?? "{}");
          const operationType = /^\s*mutation\b/.test(document) ? "mutation" : "query";
          headers["x-gateway-token"] = await kit.signGatewayToken(
            { identity: { ...identity, operationId }, audience: subgraphByUrl.get(url), document, variables, operationType },
            signingKey,
          );
        }
        setOptions({ ...options, headers });
      },
    },
  ],
};
