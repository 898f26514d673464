import type { Request } from "express";
import ipaddr from "ipaddr.js";
import { z } from "zod";

/**
 * What TRUSTED_PROXIES may list: addresses, CIDR ranges, or the names Express's "trust proxy"
 * (proxy-addr) knows for the loopback, link-local and unique-local ranges.
 */
const trustedProxy = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6(), z.enum(["loopback", "linklocal", "uniquelocal"])]);

/** TRUSTED_PROXIES: a comma-separated list of the ingress' addresses; empty trusts no proxy. */
export const trustedProxiesSetting = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .pipe(z.array(trustedProxy));

/**
 * The address a request came from, for the limits per address and the login throttle. Express
 * resolves it (req.ip) under the app's "trust proxy" setting, the gateway's trusted proxies: when
 * the socket's peer is one of them, the right-most hop of X-Forwarded-For that is not; otherwise
 * the peer itself, so a client cannot name its own address by sending the header. An IPv6
 * client counts as its /64 (one subscriber's network: it can take any address in it), an
 * IPv4-mapped IPv6 address as the IPv4 address.
 */
export function clientAddress(req: Request): string {
  const address = withoutPort(req.ip ?? req.socket?.remoteAddress);
  if (!address || !ipaddr.isValid(address)) return address ?? "unknown";
  const parsed = ipaddr.process(address);
  if (parsed.kind() === "ipv4") return parsed.toString();
  const network = ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/64`);
  return `${network.toString()}/64`;
}

/** "203.0.113.7:5555" or "[2001:db8::1]:5555": the form some ingresses (Azure Application Gateway) append to X-Forwarded-For. */
const WITH_PORT = /^(?:\[([0-9A-Fa-f:.]+)\]|(\d{1,3}(?:\.\d{1,3}){3})):\d{1,5}$/;

/**
 * The address without the port an ingress wrote beside it: each connection has a port of its own,
 * so counting "address:port" would make every connection a new client to the login throttle and
 * the budgets per address.
 */
function withoutPort(address: string | undefined): string | undefined {
  const match = address === undefined ? null : WITH_PORT.exec(address.trim());
  return match ? (match[1] ?? match[2]) : address;
}
