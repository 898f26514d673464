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
  const files = express.static(dir, {
    index: false,
    setHeaders: (response, path) => response.set("cache-control", path.startsWith(join(dir, "assets")) ? "public, max-age=31536000, immutable" : "no-cache"),
  });
  return [
    securityHeaders,
    files,
    (request, response, next) => {
      // A missing asset is a 404, not the page: a stale page must not get HTML for its script.
      if ((request.method !== "GET" && request.method !== "HEAD") || request.path.startsWith("/assets/")) return next();
      response.set("cache-control", "no-cache").sendFile(index);
    },
  ];
}
