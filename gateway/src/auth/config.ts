import { readFileSync } from "node:fs";
import { z } from "zod";
import { GATEWAY_KEY_ID, importSigningKey, KeySet, MAX_GATEWAY_TOKEN_LIFETIME_SECONDS } from "@company-graph/kit/auth";
import { loadConfig } from "@company-graph/kit/config";
import { DEFAULT_LIMITS } from "../operation-limits";
import { DEFAULT_TRUSTED_DOCUMENTS_PATH, loadTrustedDocuments } from "../trusted-documents";
import type { GatewayAccessControl } from "./access-control";
import { DEFAULT_DEV_ISSUER_DIR, ensureDevIssuer } from "./dev-issuer";
import { DEFAULT_LOGIN_THROTTLE } from "./login-throttle";
import { DEFAULT_MAX_USER_TOKEN_LIFETIME_SECONDS } from "./user-auth";

/**
 * The gateway's security settings (see gateway/.env.example). User tokens: AUTH_JWKS_PATH with
 * AUTH_ISSUER and AUTH_AUDIENCE, or, outside production, the development issuer.
 */
export function accessControlConfig(env: NodeJS.ProcessEnv = process.env, production = env.NODE_ENV === "production") {
  const config = loadConfig(
    {
      AUTH_JWKS_PATH: z.string().min(1).optional(),
      AUTH_ISSUER: z.string().min(1).optional(),
      AUTH_AUDIENCE: z.string().min(1).optional(),
      AUTH_MAX_TOKEN_LIFETIME_S: z.coerce.number().int().positive().default(DEFAULT_MAX_USER_TOKEN_LIFETIME_SECONDS),
      AUTH_FAILURE_LIMIT: z.coerce.number().int().positive().default(DEFAULT_LOGIN_THROTTLE.maxFailures),
      AUTH_FAILURE_WINDOW_S: z.coerce.number().int().positive().default(DEFAULT_LOGIN_THROTTLE.windowSeconds),
      GATEWAY_TOKEN_LIFETIME_S: z.coerce
        .number()
        .int()
        .positive()
        .max(
          MAX_GATEWAY_TOKEN_LIFETIME_SECONDS,
          `at most ${MAX_GATEWAY_TOKEN_LIFETIME_SECONDS}: every subgraph refuses longer-lived gateway tokens`,
        )
        .default(MAX_GATEWAY_TOKEN_LIFETIME_SECONDS),
      DEV_ISSUER_DIR: z.string().min(1).default(DEFAULT_DEV_ISSUER_DIR),
      GATEWAY_SIGNING_KEY: z
        .string({ error: "required: the gateway's private key for subgraph tokens (PKCS#8 PEM or JWK JSON); `npm start` generates one" })
        .min(1),
      TRUSTED_DOCUMENTS_PATH: z.string().min(1).default(DEFAULT_TRUSTED_DOCUMENTS_PATH),
      MAX_OPERATION_DEPTH: z.coerce.number().int().positive().default(DEFAULT_LIMITS.maxDepth),
      MAX_OPERATION_COST: z.coerce.number().int().positive().default(DEFAULT_LIMITS.maxCost),
    },
    env,
  );
  if (config.AUTH_JWKS_PATH && !(config.AUTH_ISSUER && config.AUTH_AUDIENCE))
    throw new Error("Invalid configuration:\n  AUTH_ISSUER and AUTH_AUDIENCE are required with AUTH_JWKS_PATH");
  if (!config.AUTH_JWKS_PATH && production)
    throw new Error("Invalid configuration:\n  AUTH_JWKS_PATH: required in production (the development issuer is for development only)");
  const issuer = config.AUTH_JWKS_PATH
    ? {
        keys: new KeySet(JSON.parse(readFileSync(config.AUTH_JWKS_PATH, "utf8")) as ConstructorParameters<typeof KeySet>[0]),
        issuer: config.AUTH_ISSUER!,
        audience: config.AUTH_AUDIENCE!,
      }
    : ensureDevIssuer(config.DEV_ISSUER_DIR).trust;
  const users = { ...issuer, maxLifetimeSeconds: config.AUTH_MAX_TOKEN_LIFETIME_S };
  const key = config.GATEWAY_SIGNING_KEY.trim();
  const access: GatewayAccessControl = {
    users,
    signingKey: importSigningKey(
      key.startsWith("{") ? (JSON.parse(key) as Parameters<typeof importSigningKey>[0]) : key,
      key.startsWith("{") ? undefined : GATEWAY_KEY_ID,
    ),
    subgraphTokenLifetimeSeconds: config.GATEWAY_TOKEN_LIFETIME_S,
    loginThrottle: { maxFailures: config.AUTH_FAILURE_LIMIT, windowSeconds: config.AUTH_FAILURE_WINDOW_S },
    limits: { maxDepth: config.MAX_OPERATION_DEPTH, maxCost: config.MAX_OPERATION_COST },
  };
  return { access, trustedDocuments: loadTrustedDocuments(config.TRUSTED_DOCUMENTS_PATH), devIssuer: !config.AUTH_JWKS_PATH };
}
