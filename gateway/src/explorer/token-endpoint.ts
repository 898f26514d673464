import express, { type Request, type RequestHandler } from "express";
import ipaddr from "ipaddr.js";
import type { DevTokens } from "./dev-tokens";

const LOOPBACK_HOSTNAMES = ["127.0.0.1", "localhost", "[::1]"];

/**
 * The Host header names this gateway on the loopback interface, on the port the request came in
 * on. A page on another name that a DNS-rebinding attack points at 127.0.0.1 still sends its own
 * name as Host and is refused.
 */
function isLoopbackHost(host: string | undefined, localPort: number | undefined): boolean {
  if (!host || !localPort) return false;
  const name = host.toLowerCase();
  return LOOPBACK_HOSTNAMES.some((hostname) => name === `${hostname}:${localPort}` || (localPort === 80 && name === hostname));
}

/**
 * The socket's peer is this machine (127.0.0.0/8, ::1, or either as IPv4-mapped IPv6): a client
 * on the network writes any Host it likes, but cannot choose the address it connects from.
 */
function isLoopbackPeer(address: string | undefined): boolean {
  if (!address || !ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "loopback";
}

/** A browser's Origin (and Fetch Metadata), when sent, says the request comes from the explorer page itself. */
function isSameOrigin(request: Request): boolean {
  const origin = request.get("origin");
  if (origin !== undefined && origin !== `${request.protocol}://${request.get("host")}`) return false;
  const site = request.get("sec-fetch-site");
  return site === undefined || site === "same-origin";
}

export interface TokenEndpointOptions {
  tokens?: DevTokens;
  /** The gateway's NODE_ENV; tokens are minted in "development" only. */
  environment: string;
}

/**
 * POST /explorer/token: mints a demo user's token for the explorer's "Act as" (and the web
 * workspace's demo log-in, which GET /explorer/token lists the users for). Only in
 * development, only to a loopback peer naming a loopback Host and only from the same origin, so
 * that neither another machine (even when HOST puts the gateway on the network) nor a web page in
 * the developer's browser can obtain a caseworker's or auditor's token.
 */
export function tokenEndpoint({ tokens, environment }: TokenEndpointOptions): { list: RequestHandler[]; mint: RequestHandler[] } {
  const guard: RequestHandler = (request, response, next) => {
    if (!tokens || environment !== "development") {
      response.status(404).json({
        error: "Ingen udviklingsudsteder: denne gateway udsteder ikke tokens (no development issuer: this gateway mints no tokens)",
      });
      return;
    }
    if (
      !isLoopbackPeer(request.socket.remoteAddress) ||
      !isLoopbackHost(request.get("host"), request.socket.localPort) ||
      !isSameOrigin(request)
    ) {
      response.status(403).json({
        error:
          "Tokens udstedes kun til explorer-siden på 127.0.0.1, localhost eller [::1] (tokens are minted for the explorer page on a loopback address only)",
      });
      return;
    }
    next();
  };
  const list: RequestHandler = (_request, response) => {
    response.json({ users: tokens!.users.map((user, index) => ({ user: index, label: user.label, role: user.identity.role })) });
  };
  const mint: RequestHandler = (request, response) => {
    const user = tokens!.users[Number((request.body as { user?: unknown } | undefined)?.user)];
    if (!user) {
      response.status(404).json({ error: "Ingen sådan demobruger (no such demo user)" });
      return;
    }
    response.json({ token: tokens!.mint(user.identity), identity: user.identity });
  };
  return { list: [guard, list], mint: [guard, express.json({ limit: "1kb" }), mint] };
}
