import { sign } from "node:crypto";
import type { SigningKey } from "./keys";

/**
 * Signs a compact JWS synchronously, for the development issuer and tests only (`npm run token`,
 * the explorer's "Act as", the test harness), which mint tokens in synchronous code. Hand-written
 * because jose signs only asynchronously; it is a dozen lines of encoding, and every token it
 * produces is verified by jose (KeySet.verify) like any other. The gateway's own tokens for the
 * subgraphs are signed by jose (signJwt).
 */
export function signJws(payload: object, key: SigningKey, typ = "JWT"): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const input = `${encode({ alg: key.alg, kid: key.kid, typ })}.${encode(payload)}`;
  const signature = sign(key.alg === "ES256" ? "sha256" : null, Buffer.from(input), key.alg === "ES256" ? { key: key.privateKey, dsaEncoding: "ieee-p1363" } : key.privateKey);
  return `${input}.${signature.toString("base64url")}`;
}
