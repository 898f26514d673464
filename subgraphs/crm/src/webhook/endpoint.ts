import { Resolver as DnsResolver } from "node:dns/promises";
import ipaddr from "ipaddr.js";

/**
 * Where a webhook may point. `public-https` (production): https:// to a name whose every address
 * is public unicast, so a webhook can never reach into the municipality's network — loopback,
 * RFC 1918, link-local (the cloud metadata service at 169.254.169.254), unique-local, CGNAT,
 * multicast, reserved, NAT64 and 6to4 addresses are refused. `loopback` (development and tests,
 * WEBHOOK_ENDPOINTS=loopback): http:// or https:// to 127.0.0.1 only, so nothing leaves the machine.
 */
export type EndpointPolicy = "public-https" | "loopback";

/** A name's addresses, as dns.lookup({ all: true }) gives them; tests pass a stub. */
export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

/** How long one name server has to answer, and how many times it is asked. */
const DNS_TIMEOUT_MS = 3_000;
const DNS_TRIES = 2;

/**
 * A name's A and AAAA records, asked of the system's name servers (or `servers`) with c-ares
 * (dns.Resolver), not dns.lookup: getaddrinfo runs on libuv's small threadpool, shared with the
 * CRM's file and crypto work, and cannot be cancelled, so a partner's name server that never
 * answers would hold a thread for the OS resolver's whole timeout per registration or attempt.
 * c-ares's queries are asynchronous and give up after `timeoutMs` × tries.
 */
export function dnsResolver(options: { servers?: string[]; timeoutMs?: number } = {}): Resolver {
  return async (hostname) => {
    const resolver = new DnsResolver({ timeout: options.timeoutMs ?? DNS_TIMEOUT_MS, tries: DNS_TRIES });
    if (options.servers) resolver.setServers(options.servers);
    const [v4, v6] = await Promise.allSettled([resolver.resolve4(hostname), resolver.resolve6(hostname)]);
    const addresses = [
      ...(v4.status === "fulfilled" ? v4.value.map((address) => ({ address, family: 4 })) : []),
      ...(v6.status === "fulfilled" ? v6.value.map((address) => ({ address, family: 6 })) : []),
    ];
    if (addresses.length === 0) throw v4.status === "rejected" ? v4.reason : new Error(`no addresses for ${hostname}`);
    return addresses;
  };
}

export const systemResolver: Resolver = dnsResolver();

/** Why an endpoint is refused: the refusal's detail, and ADDRESS_REFUSED/CONNECTION for a delivery's log. */
export type EndpointProblem = "not-a-url" | "scheme" | "credentials" | "too-long" | "not-loopback" | "private-address" | "unresolvable";

export class EndpointRefused extends Error {
  constructor(readonly problem: EndpointProblem) {
    super(`webhook endpoint refused: ${problem}`);
  }
}

/** An endpoint checked for one request: the URL and the one address the request must connect to. */
export interface PinnedEndpoint {
  url: URL;
  address: string;
  family: 4 | 6;
}

const MAX_URL_LENGTH = 2000;
const LOOPBACK = "127.0.0.1";

/**
 * IPv6's global unicast (2000::/3): ipaddr.js calls everything it has no name for "unicast", which
 * lets through IPv4-compatible (::127.0.0.1), local-use NAT64 (64:ff9b:1::/48, translated to an
 * internal IPv4) and deprecated site-local (fec0::/10) addresses.
 */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3");

/** Whether an address is public unicast; an IPv4-mapped IPv6 address is judged as the IPv4 it is. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === "ipv6" && !parsed.match(GLOBAL_UNICAST_V6)) return false;
  return parsed.range() === "unicast";
}

/** The URL's syntax and scheme, before anything is looked up. */
function parseEndpoint(raw: string, policy: EndpointPolicy): URL {
  if (raw.length > MAX_URL_LENGTH) throw new EndpointRefused("too-long");
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EndpointRefused("not-a-url");
  }
  const schemes = policy === "loopback" ? ["http:", "https:"] : ["https:"];
  if (!schemes.includes(url.protocol)) throw new EndpointRefused("scheme");
  if (url.username || url.password) throw new EndpointRefused("credentials");
  if (policy === "loopback" && url.hostname !== LOOPBACK) throw new EndpointRefused("not-loopback");
  return url;
}

/**
 * Checks an endpoint and resolves it once: every address the name has must be allowed (one
 * private answer among public ones is refused: the connection could take it), and the request
 * then connects to the address checked here, never to a second lookup's answer — so a name that
 * answers public at the check and private at the connect (DNS rebinding) cannot swap it.
 */
export async function pinEndpoint(raw: string, policy: EndpointPolicy, resolve: Resolver): Promise<PinnedEndpoint> {
  const url = parseEndpoint(raw, policy);
  if (policy === "loopback") return { url, address: LOOPBACK, family: 4 };
  // URL keeps an IPv6 literal in brackets.
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  let addresses: { address: string; family: number }[];
  if (ipaddr.isValid(host)) addresses = [{ address: host, family: ipaddr.parse(host).kind() === "ipv6" ? 6 : 4 }];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      throw new EndpointRefused("unresolvable");
    }
  }
  if (addresses.length === 0) throw new EndpointRefused("unresolvable");
  if (!addresses.every(({ address }) => isPublicAddress(address))) throw new EndpointRefused("private-address");
  const [first] = addresses;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
