import { sign } from "node:crypto";
import type { SigningKey } from "./keys";

/**
 * Signs a compact JWS synchronously with node:crypto: the gateway's token for every subgraph
 * fetch (signGatewayToken), the development issuer and tests (`npm run token`, the explorer's
 * "Act as", the test harness). Hand-written because jose signs only through WebCrypto, a
 * thread-pool job per signature that costs about twice the CPU (bench: six signatures per company
 * view); it is a dozen lines of encoding, and every token it produces is verified by jose
 * (KeySet.verify) like any other.
 */
export function signJws(payload: object, key: SigningKey, typ = "JWT"): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const input = `${encode({ alg: key.alg, kid: key.kid, typ })}.${encode(payload)}`;
  const signature = sign(
    key.alg === "ES256" ? "sha256" : null,
    Buffer.from(input),
    key.alg === "ES256" ? { key: key.privateKey, dsaEncoding: "ieee-p1363" } : key.privateKey,
  );
  return `${input}.${signature.toString("base64url")}`;
}
