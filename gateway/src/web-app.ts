import { existsSync } from "node:fs";
import { join } from "node:path";
import express, { type RequestHandler } from "express";

/**
 * The workspace's policy: everything from this origin, nothing inline, nothing from elsewhere
 * (its fonts, icons and scripts are bundled; its only connections are this gateway's /graphql).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const securityHeaders: RequestHandler = (_request, response, next) => {
  response.set({
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
  });
  next();
};

/**
 * The built web workspace (Virksomhedsoverblik, web/dist) under `path`, on the gateway's own
 * origin: its operations reach /graphql and the development "Act as" (/explorer/token) without
 * CORS. Hashed assets are cached for good; every other path is the single page, which routes itself.
 */
export function webAppHandlers(dir: string): RequestHandler[] {
  const index = join(dir, "index.html");
  if (!existsSync(index)) throw new Error(`WEB_APP_DIR has no index.html (${dir}): build the workspace with \`npx turbo run build --filter=@company-graph/web\``);
  const assets = express.static(join(dir, "assets"), { immutable: true, maxAge: "365d", index: false, fallthrough: false });
  const files = express.static(dir, { index: false, maxAge: 0 });
  return [
    securityHeaders,
    (request, response, next) => (request.path.startsWith("/assets/") ? assets(request, response, next) : next()),
    files,
    (request, response, next) => {
      if (request.method !== "GET" && request.method !== "HEAD") return next();
      response.set("cache-control", "no-cache").sendFile(index);
    },
  ];
}
