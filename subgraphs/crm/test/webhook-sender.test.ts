import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { dnsResolver, isPublicAddress, pinEndpoint } from "../src/webhook/endpoint";
import { retryDelayMs } from "../src/webhook/schedule";
import { postDelivery } from "../src/webhook/sender";

// One attempt against a receiver that misbehaves: the status line decides, a redirect is never
// followed, a body is never read, a slow receiver is cut off, a reset is a connection failure,
// and the connection goes to the address checked, not to a second DNS answer.

const servers: Server[] = [];
const sockets = new Set<Socket>();
async function serve(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ port: number; hits: () => number; hosts: string[] }> {
  let hits = 0;
  const hosts: string[] = [];
  const server = createServer((request, response) => {
    hits++;
    hosts.push(String(request.headers.host));
    handler(request, response);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return { port: (server.address() as AddressInfo).port, hits: () => hits, hosts };
}
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

const pinned = (port: number, host = "127.0.0.1") => ({
  url: new URL(`http://${host}:${port}/hooks`),
  address: "127.0.0.1",
  family: 4 as const,
});
const send = (port: number, timeoutMs = 2_000, host?: string) =>
  postDelivery(pinned(port, host), "{}", { "webhook-id": "msg_1" }, timeoutMs);

it("counts a 2xx as delivered and anything else as a failed status", async () => {
  const ok = await serve((_, response) => response.writeHead(204).end());
  const refused = await serve((_, response) => response.writeHead(410).end("gone"));
  expect(await send(ok.port)).toEqual({ statusCode: 204, error: null });
  expect(await send(refused.port)).toEqual({ statusCode: 410, error: "HTTP_STATUS" });
});

it("never follows a redirect", async () => {
  const target = await serve((_, response) => response.end("ok"));
  const redirecting = await serve((_, response) => response.writeHead(307, { location: `http://127.0.0.1:${target.port}/` }).end());
  expect(await send(redirecting.port)).toEqual({ statusCode: 307, error: "REDIRECT" });
  expect(target.hits()).toBe(0);
});

it("reads the status of a huge, endless answer and not its body", async () => {
  let written = 0;
  const endless = await serve((_, response) => {
    response.writeHead(200, { "content-type": "application/octet-stream" });
    const chunk = Buffer.alloc(64 * 1024, 120);
    const pump = () => {
      while (!response.destroyed && written < 512 * 1024 * 1024 && response.write(chunk)) written += chunk.length;
      if (!response.destroyed && written < 512 * 1024 * 1024) response.once("drain", pump);
    };
    pump();
  });
  expect(await send(endless.port)).toEqual({ statusCode: 200, error: null });
  // The socket was closed after the headers: far less than the half gigabyte the receiver had for us.
  expect(written).toBeLessThan(64 * 1024 * 1024);
});

it("cuts off a receiver that never answers, and calls a reset a connection failure", async () => {
  const silent = await serve(() => undefined);
  expect(await send(silent.port, 50)).toEqual({ statusCode: null, error: "TIMEOUT" });
  const resetting = await serve((request) => request.socket.destroy());
  expect(await send(resetting.port)).toEqual({ statusCode: null, error: "CONNECTION" });
  const oversizedHeaders = await serve((_, response) => response.writeHead(200, { "x-junk": "x".repeat(64 * 1024) }).end());
  expect(await send(oversizedHeaders.port)).toEqual({ statusCode: null, error: "CONNECTION" });
});

it("connects to the pinned address whatever the name would resolve to, and sends the name as Host", async () => {
  const receiver = await serve((_, response) => response.end());
  // hooks.partner.invalid resolves nowhere: only the pinned address can have reached the receiver.
  expect(await send(receiver.port, 2_000, "hooks.partner.invalid")).toEqual({ statusCode: 200, error: null });
  expect(receiver.hosts).toEqual([`hooks.partner.invalid:${receiver.port}`]);
});

it("pins the first of a name's addresses, all of them checked", async () => {
  const resolve = async () => [
    { address: "2001:db8::1", family: 6 },
    { address: "93.184.216.34", family: 4 },
  ];
  // 2001:db8::/32 is documentation space: not public unicast, so the whole name is refused.
  await expect(pinEndpoint("https://hooks.example/", "public-https", resolve)).rejects.toMatchObject({ problem: "private-address" });
  const publicOnly = async () => [
    { address: "2a00:1450:4001:80b::200e", family: 6 },
    { address: "93.184.216.34", family: 4 },
  ];
  expect(await pinEndpoint("https://hooks.example/", "public-https", publicOnly)).toMatchObject({
    address: "2a00:1450:4001:80b::200e",
    family: 6,
  });
  expect(["93.184.216.34", "8.8.8.8"].every(isPublicAddress)).toBe(true);
  expect(
    [
      "10.0.0.1",
      "172.16.0.1",
      "192.168.0.1",
      "127.0.0.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "255.255.255.255",
      "224.0.0.1",
      "::1",
      "fe80::1",
      "fd00::1",
      "::ffff:10.0.0.1",
      "64:ff9b::a00:1",
      "::",
    ].some(isPublicAddress),
  ).toBe(false);
  // IPv6 outside global unicast that ipaddr.js still calls unicast: IPv4-compatible (::127.0.0.1), local-use NAT64 (RFC 8215), deprecated site-local.
  expect(["::7f00:1", "::a00:1", "64:ff9b:1::a00:1", "fec0::1", "4000::1"].filter(isPublicAddress)).toEqual([]);
  await expect(pinEndpoint("https://[::127.0.0.1]/", "public-https", publicOnly)).rejects.toMatchObject({ problem: "private-address" });
});

it("waits 30 s after the first failure, doubling to at most 4 hours, stretched by up to a quarter", () => {
  const none = () => 0;
  expect([1, 2, 3, 9, 10, 11, 40].map((failures) => retryDelayMs(failures, none) / 1000)).toEqual([30, 60, 120, 7680, 14400, 14400, 14400]);
  expect(retryDelayMs(1, () => 0.999)).toBe(Math.round(30_000 * (1 + 0.25 * 0.999)));
});

/** A name server on 127.0.0.1 that answers every A question with `address` (none for AAAA), or never answers when `address` is undefined; counts the questions. */
async function nameServer(address?: string): Promise<{ server: string; questions: () => number; close: () => void }> {
  const socket: UdpSocket = createSocket("udp4");
  let questions = 0;
  socket.on("message", (query, peer) => {
    questions++;
    if (address === undefined) return;
    let end = 12;
    while (query[end] !== 0) end += query[end] + 1;
    const question = query.subarray(12, end + 5);
    const isA = query.readUInt16BE(end + 1) === 1;
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    header.writeUInt16BE(0x8180, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(isA ? 1 : 0, 6);
    const answer = isA
      ? Buffer.concat([Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4]), Buffer.from(address.split(".").map(Number))])
      : Buffer.alloc(0);
    socket.send(Buffer.concat([header, question, answer]), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return { server: `127.0.0.1:${socket.address().port}`, questions: () => questions, close: () => socket.close() };
}

it("resolves a partner's name asynchronously (c-ares, not the threadpool's getaddrinfo), and gives up on a name server that never answers", async () => {
  const answering = await nameServer("93.184.216.34");
  const silent = await nameServer();
  try {
    expect(await dnsResolver({ servers: [answering.server] })("hooks.example")).toEqual([{ address: "93.184.216.34", family: 4 }]);
    expect(await pinEndpoint("https://hooks.example/", "public-https", dnsResolver({ servers: [answering.server] }))).toMatchObject({
      address: "93.184.216.34",
      family: 4,
    });
    await expect(
      pinEndpoint("https://hooks.example/", "public-https", dnsResolver({ servers: [silent.server], timeoutMs: 50 })),
    ).rejects.toMatchObject({ problem: "unresolvable" });
    // Both questions (A and AAAA), each asked twice before giving up.
    expect(silent.questions()).toBe(4);
  } finally {
    answering.close();
    silent.close();
  }
});
