import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { parse } from "graphql";
import { INCOMING_OPERATION } from "../src/apollo-gateway-private";
import { SubgraphCircuits } from "../src/circuit-breaker";
import { createSubgraphFetcher } from "../src/fetcher";
import { SubgraphDataSource } from "../src/subgraph-data-source";

/**
 * What happens to each request a subgraph replica receives: answered, its connection reset before
 * any answer (the replica was killed under it, or a kept-alive socket led to a replica that is
 * gone), or 502 from a balancer whose chosen replica died under the request.
 */
type Fate = "answer" | "reset" | "bad-gateway";

/** A subgraph behind one address, as a Service or HAProxy shows its replicas, whose requests meet the fates queued. */
async function subgraphReplicas() {
  const fates: Fate[] = [];
  const received: { query: string; connection: number }[] = [];
  const connections = new Map<Socket, number>();
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ query: JSON.parse(body).query, connection: connections.get(req.socket)! });
      const fate = fates.shift() ?? "answer";
      if (fate === "reset") req.socket.resetAndDestroy();
      else if (fate === "bad-gateway") res.writeHead(502, { "content-type": "text/html" }).end("<html>502 Bad Gateway</html>");
      else res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: { __typename: "Query" } }));
    });
  });
  server.on("connection", (socket) => connections.set(socket, connections.size + 1));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return {
    url,
    fates,
    received,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

const QUERY = `query CompanyName($cvr: ID!) { company(cvr: $cvr) { name } }`;
const MUTATION = `mutation Note($cvr: ID!) { addNote(cvr: $cvr, text: "x") { id } }`;

let replicas: Awaited<ReturnType<typeof subgraphReplicas>>;
let subgraphFetch: ReturnType<typeof createSubgraphFetcher>;
let circuits: SubgraphCircuits;
let source: SubgraphDataSource;

beforeEach(async () => {
  replicas = await subgraphReplicas();
  // As serveGateway wires them: the breaker around the fetcher, the data source around both.
  subgraphFetch = createSubgraphFetcher({ timeoutMs: 5_000 });
  circuits = new SubgraphCircuits({ failureThreshold: 2, openMs: 10_000 }, () => 0);
  source = new SubgraphDataSource("kff", replicas.url, circuits.of("kff").fetcher(subgraphFetch.fetcher));
});

afterEach(async () => {
  await subgraphFetch.close();
  await replicas.close();
});

function fetchFromSubgraph(query: string) {
  return source.process({
    kind: INCOMING_OPERATION,
    request: { query, variables: { cvr: "10000001" }, http: { method: "POST", url: replicas.url, headers: new Headers() } },
    context: {},
    incomingRequestContext: {},
    document: parse(query),
  } as any);
}

describe("a subgraph fetch whose connection dies before an answer", () => {
  it("sends a query once more, on a new connection", async () => {
    replicas.fates.push("reset");
    await expect(fetchFromSubgraph(QUERY)).resolves.toMatchObject({ data: { __typename: "Query" } });
    expect(replicas.received).toEqual([
      { query: QUERY, connection: 1 },
      { query: QUERY, connection: 2 },
    ]);
  });

  it("asks again when the balancer answers 502 because the replica it chose died under the request", async () => {
    replicas.fates.push("bad-gateway");
    await expect(fetchFromSubgraph(QUERY)).resolves.toMatchObject({ data: { __typename: "Query" } });
    expect(replicas.received).toHaveLength(2);
  });

  it("never sends a mutation twice: the replica may have written before it died", async () => {
    replicas.fates.push("reset");
    await expect(fetchFromSubgraph(MUTATION)).rejects.toMatchObject({ extensions: { code: "SUBGRAPH_UNAVAILABLE", subgraph: "kff" } });
    replicas.fates.push("bad-gateway");
    await expect(fetchFromSubgraph(MUTATION)).rejects.toMatchObject({ extensions: { code: "SUBGRAPH_UNAVAILABLE", subgraph: "kff" } });
    expect(replicas.received.map(({ query }) => query)).toEqual([MUTATION, MUTATION]);
  });

  it("tries once more only: a subgraph whose every connection dies is unavailable", async () => {
    replicas.fates.push("reset", "reset", "reset");
    await expect(fetchFromSubgraph(QUERY)).rejects.toMatchObject({ extensions: { code: "SUBGRAPH_UNAVAILABLE", subgraph: "kff" } });
    expect(replicas.received).toHaveLength(2);
  });
});

describe("the circuit breaker when one replica dies", () => {
  it("stays closed when each dead connection was recovered by the retry", async () => {
    for (let fetch = 0; fetch < 4; fetch++) {
      replicas.fates.push("reset");
      await expect(fetchFromSubgraph(QUERY)).resolves.toMatchObject({ data: { __typename: "Query" } });
    }
    expect(circuits.of("kff").state).toBe("closed");
  });

  it("still opens for a subgraph that fails after the retry too", async () => {
    replicas.fates.push("reset", "reset", "reset", "reset");
    for (let fetch = 0; fetch < 2; fetch++)
      await expect(fetchFromSubgraph(QUERY)).rejects.toMatchObject({ extensions: { code: "SUBGRAPH_UNAVAILABLE" } });
    expect(circuits.of("kff").state).toBe("open");
  });
});
