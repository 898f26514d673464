import { createServer, connect, type Socket } from "node:net";

/**
 * A TCP relay on loopback between a client and a server, which the test can cut: both sides'
 * sockets are destroyed at once, as a failed switch or a dropped VPN does, so neither side gets
 * a close handshake. New connections are relayed again after the cut.
 */
export async function tcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((client) => {
    connections++;
    const upstream = connect(target.port, target.host);
    const pair = [client, upstream];
    for (const socket of pair) {
      sockets.add(socket);
      socket.on("error", () => pair.forEach((each) => each.destroy()));
      socket.on("close", () => {
        pair.forEach((each) => each.destroy());
        sockets.delete(socket);
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    /** Connections relayed so far. */
    get connections() {
      return connections;
    },
    cut(): void {
      for (const socket of sockets) socket.destroy();
    },
    async close(): Promise<void> {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
