// Credentials for one benchmark run, made fresh each time: the gateway's key for subgraph tokens
// (our gateway and Hive Gateway sign with it, the subgraphs trust it), a development user
// issuer, and a key account manager's user token for the client requests.
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";

export const BENCH_IDENTITY = { userId: "bench-key-account-manager", role: "KEY_ACCOUNT_MANAGER" };
/** Service levels are the development unit's (policy): that scenario asks as an analyst. */
export const BENCH_ANALYST = { userId: "bench-analyst", role: "ANALYST" };
/** The token that sends abusive documents in the abuse scenario (lib/abuse.mjs). */
export const BENCH_ABUSER = { userId: "bench-abuser", role: "KEY_ACCOUNT_MANAGER" };

/** The cost budgets (per token and per address, per window and in flight) lifted for the load runs; the fairness scenario keeps the defaults. */
export const UNCAPPED_COST = Object.fromEntries(
  ["RATE_LIMIT_USER_COST", "RATE_LIMIT_ADDRESS_COST", "RATE_LIMIT_COST_IN_FLIGHT", "RATE_LIMIT_ADDRESS_COST_IN_FLIGHT"].map((name) => [
    name,
    "1000000000000",
  ]),
);

export function benchCredentials(kit, gatewayDist, workDir) {
  if (!kit.generateSigningKey) return { env: {}, gatewayEnv: {}, hiveEnv: {}, clientHeaders: {}, analystHeaders: {}, abuserHeaders: {} };
  const gatewayKey = kit.generateSigningKey("gateway");
  const gatewayPrivateJwk = JSON.stringify(kit.exportPrivateJwk(gatewayKey));
  const issuerDir = join(workDir, "dev-issuer");
  mkdirSync(issuerDir, { recursive: true });
  const issuerFile = join(issuerDir, "signing-key.json");
  if (!existsSync(issuerFile))
    writeFileSync(issuerFile, JSON.stringify(kit.exportPrivateJwk(kit.generateSigningKey("bench-dev-issuer"))), { mode: 0o600 });

  let clientHeaders = {};
  let analystHeaders = {};
  let abuserHeaders = {};
  const devIssuerModule = join(gatewayDist, "auth", "dev-issuer.js");
  if (existsSync(devIssuerModule)) {
    const { ensureDevIssuer, mintUserToken } = kit.requireFromGateway(devIssuerModule);
    const mint = (identity) => ({
      authorization: `Bearer ${mintUserToken(identity, ensureDevIssuer(issuerDir), { ttlSeconds: 3600 })}`,
      "x-purpose": "benchmark",
    });
    clientHeaders = mint(BENCH_IDENTITY);
    analystHeaders = mint(BENCH_ANALYST);
    abuserHeaders = mint(BENCH_ABUSER);
  }
  return {
    /** For every subgraph: whom to trust, and the access-log batches' shared secret. */
    env: {
      GATEWAY_PUBLIC_KEY: JSON.stringify({ keys: [kit.publicJwkOf(gatewayKey)] }),
      ACCESS_LOG_SECRET: randomBytes(32).toString("base64url"),
    },
    // The load comes from one token: the rate limits (a product setting) must not cap the measurement.
    gatewayEnv: {
      GATEWAY_SIGNING_KEY: gatewayPrivateJwk,
      DEV_ISSUER_DIR: issuerDir,
      RATE_LIMIT_USER_REQUESTS: "1000000000",
      RATE_LIMIT_CONCURRENT: "100000",
      ...UNCAPPED_COST,
    },
    hiveEnv: { BENCH_GATEWAY_SIGNING_JWK: gatewayPrivateJwk, BENCH_IDENTITY: JSON.stringify(BENCH_IDENTITY) },
    clientHeaders,
    analystHeaders,
    abuserHeaders,
  };
}
