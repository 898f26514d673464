import { existsSync } from "node:fs";
import { join } from "node:path";
import express, { type RequestHandler } from "express";

/** The municipality's OpenID Connect provider the workspace logs in with (authorization code with PKCE, a public client). */
export interface WebAppOidc {
  issuer: string;
  clientId: string;
}

/**
 * The workspace's policy: everything from this origin, nothing inline, nothing from elsewhere
 * (its fonts, icons and scripts are bundled; it connects to this gateway and, to log in, to the
 * OpenID Connect provider's discovery and token endpoints only).
 */
function contentSecurityPolicy(oidc: WebAppOidc | undefined): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${oidc ? ` ${new URL(oidc.issuer).origin}` : ""}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const securityHeaders =
  (policy: string): RequestHandler =>
  (_request, response, next) => {
    response.set({
      "content-security-policy": policy,
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
export function webAppHandlers(dir: string, oidc?: WebAppOidc): RequestHandler[] {
  const index = join(dir, "index.html");
  if (!existsSync(index))
    throw new Error(`WEB_APP_DIR has no index.html (${dir}): build the workspace with \`npx turbo run build --filter=@company-graph/web\``);
  const files = express.static(dir, {
    index: false,
    setHeaders: (response, path) =>
      response.set("cache-control", path.startsWith(join(dir, "assets")) ? "public, max-age=31536000, immutable" : "no-cache"),
  });
  // What the page needs to know before anyone is logged in: where to log in (null: no provider configured).
  const config = JSON.stringify({ oidc: oidc ?? null });
  return [
    securityHeaders(contentSecurityPolicy(oidc)),
    (request, response, next) =>
      request.path === "/config.json" ? void response.set("cache-control", "no-cache").type("json").send(config) : next(),
    files,
    (request, response, next) => {
      // A missing asset is a 404, not the page: a stale page must not get HTML for its script.
      if ((request.method !== "GET" && request.method !== "HEAD") || request.path.startsWith("/assets/")) return next();
      response.set("cache-control", "no-cache").sendFile(index);
    },
  ];
}
