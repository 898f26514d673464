import type { Request, RequestHandler, Response } from "express";
import { tokenEndpoint } from "../src/explorer/token-endpoint";
import type { DevTokens } from "../src/explorer";

// The explorer's "Act as" mints a caseworker's or an auditor's token: only for a browser on this
// machine. A development gateway started with HOST=0.0.0.0 is reachable from the network, where
// any client can write "Host: 127.0.0.1:4000" itself; the socket's peer it cannot choose.

const PORT = 4000;
const tokens = { users: [{ identity: { userId: "u1", role: "AUDITOR" } }], mint: () => "minted" } as unknown as DevTokens;

function ask(remoteAddress: string, endpoint: "mint" | "list" = "mint"): { status: number } {
  const [guard] = tokenEndpoint({ tokens, environment: "development" })[endpoint];
  const request = {
    get: (name: string) => ({ host: `127.0.0.1:${PORT}` })[name.toLowerCase()],
    protocol: "http",
    socket: { localPort: PORT, remoteAddress },
    body: { user: 0 },
  } as unknown as Request;
  const answer = { status: 200 };
  const response = { status: (status: number) => ((answer.status = status), response), json: () => response } as unknown as Response;
  (guard as RequestHandler)(request, response, () => undefined);
  return answer;
}

describe("the explorer's token endpoint", () => {
  it("mints for a loopback peer naming a loopback Host", () => {
    for (const peer of ["127.0.0.1", "::1", "::ffff:127.0.0.1", "127.0.0.2"]) expect({ peer, ...ask(peer) }).toEqual({ peer, status: 200 });
  });

  it("refuses a peer on the network, whatever Host it writes", () => {
    for (const peer of ["192.168.1.20", "10.0.0.5", "::ffff:192.168.1.20", "2001:db8::1"])
      expect({ peer, ...ask(peer) }).toEqual({ peer, status: 403 });
  });

  it("lists the demo users (the web workspace's log-in) under the same guard", () => {
    expect(ask("127.0.0.1", "list")).toEqual({ status: 200 });
    expect(ask("192.168.1.20", "list")).toEqual({ status: 403 });
  });
});
