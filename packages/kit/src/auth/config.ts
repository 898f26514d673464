import { z } from "zod";
import { DEFAULT_PORTS } from "@company-graph/domain";
import { loadConfig } from "../config";
import { KeySet } from "./jwt";
import { GATEWAY_KEY_ID } from "./gateway-token";

/** The gateway's public key from the environment: a PEM (SPKI) or a JWKS document as JSON. */
export function parseGatewayKeys(value: string): KeySet {
  const trimmed = value.trim();
  return trimmed.startsWith("{")
    ? new KeySet(JSON.parse(trimmed) as ConstructorParameters<typeof KeySet>[0])
    : KeySet.fromPem(trimmed, GATEWAY_KEY_ID);
}

const publicKey = () =>
  z
    .string({ error: "required: the gateway's public key (PEM or JWKS JSON); `npm start` generates one" })
    .min(1)
    .refine((value) => {
      try {
        parseGatewayKeys(value);
        return true;
      } catch {
        return false;
      }
    }, "not a PEM public key or a JWKS with Ed25519/P-256 keys");

/**
 * How a subgraph process learns whom to trust (GATEWAY_PUBLIC_KEY), where to log reads
 * (ACCESS_LOG_URL) and the secret the departments sign their access-log batches with and the CRM
 * checks them by (ACCESS_LOG_SECRET).
 */
export function subgraphSecurityConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(
    {
      GATEWAY_PUBLIC_KEY: publicKey(),
      ACCESS_LOG_URL: z.string().url().default(`http://127.0.0.1:${DEFAULT_PORTS.crm}/internal/access-log`),
      ACCESS_LOG_SECRET: z
        .string({ error: "required: the secret the CRM and the departments share for access-log batches; `npm start` generates one" })
        .min(32, "at least 32 characters"),
    },
    env,
  );
  return {
    gatewayKeys: parseGatewayKeys(config.GATEWAY_PUBLIC_KEY),
    accessLogUrl: config.ACCESS_LOG_URL,
    accessLogSecret: config.ACCESS_LOG_SECRET,
  };
}
