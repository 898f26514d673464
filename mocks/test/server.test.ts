import { type Case, generateWorld } from "../generator/index";
import { type SimulatorServers, startSimulatorServers } from "../server";

let servers: SimulatorServers;
const world = generateWorld({ profile: "small" });

beforeAll(async () => {
  servers = await startSimulatorServers({ world });
});
afterAll(async () => {
  await servers.close();
});

describe("startSimulatorServers", () => {
  it("serves all four systems on 127.0.0.1 with free ports", async () => {
    const ports = new Set<string>();
    for (const url of Object.values(servers.urls)) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      ports.add(new URL(url).port);
      expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: "ok" });
    }
    expect(ports.size).toBe(4);
  });

  it("serves the simulated CVR register with Basic auth", async () => {
    expect(servers.cvrUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const search = (authorization?: string) =>
      fetch(`${servers.cvrUrl}/cvr-permanent/virksomhed/_search`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ query: { term: { "Vrvirksomhed.cvrNummer": world.showcase.restaurant } } }),
      });
    expect((await search()).status).toBe(401);
    const found = (await (await search(`Basic ${Buffer.from("company-graph:simulated-cvr").toString("base64")}`)).json()) as {
      hits: { total: number };
    };
    expect(found.hits.total).toBe(1);
  });

  it("answers the contract over real HTTP", async () => {
    const response = await fetch(`${servers.urls.KFF}/cases?cvr=${world.showcase.restaurant}`);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const { items } = (await response.json()) as { items: Case[] };
    expect(items.some((item) => item.caseType === "alcohol-licence")).toBe(true);
    const bad = await fetch(`${servers.urls.KFF}/cases?cvr=abc`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
  });

  it("announces a case closed over the admin endpoint on the message broker as a business event, read by position", async () => {
    const open = world.cases.OKF.find((sourceCase) => !sourceCase.closedAt)!;
    const before = (await (await fetch(`${servers.brokerUrl}/events`)).json()) as { last: number };
    const closed = await fetch(`${servers.urls.OKF}/__admin/cases/${open.id}/close`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ closedAt: "2026-11-02T09:30:00Z" }),
    });
    expect(await closed.json()).toMatchObject({ id: open.id, progress: "Afsluttet", closedAt: "2026-11-02T09:30:00.000Z" });
    const page = (await (await fetch(`${servers.brokerUrl}/events?after=${before.last}`)).json()) as {
      events: { sequence: number; body: string }[];
      last: number;
    };
    expect(page.last).toBe(before.last + 1);
    expect(page.events.map((event) => event.sequence)).toEqual([before.last + 1]);
    expect(JSON.parse(page.events[0].body)).toEqual({
      envelope: {
        messageId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        messageType: "case.closed",
        senderAuthority: { cvr: "64942212", department: "OKF" },
        kle: open.kle,
        sensitivity: "almindelig",
        occurredAt: "2026-11-02T09:30:00.000Z",
        objectId: open.id,
        cvr: open.cvr,
      },
      case: {
        id: open.id,
        caseNumber: open.caseNumber,
        serviceId: open.serviceId,
        title: open.title,
        progress: "Afsluttet",
        openedAt: open.openedAt,
        decidedAt: expect.any(String),
        closedAt: "2026-11-02T09:30:00.000Z",
        lastUpdateSentAt: "2026-11-02T09:30:00.000Z",
        unitId: open.responsibleUnit.id,
      },
    });
    // The system itself now answers with the closed case.
    expect(await (await fetch(`${servers.urls.OKF}/cases/${open.id}`)).json()).toMatchObject({ closedAt: "2026-11-02T09:30:00.000Z" });
    expect((await fetch(`${servers.urls.OKF}/__admin/cases/${open.id}/close`, { method: "POST" })).status).toBe(409);
    expect((await fetch(`${servers.urls.OKF}/__admin/cases/OKF-NONE/close`, { method: "POST" })).status).toBe(404);
    expect((await fetch(`${servers.urls.OKF}/__admin/cases/${open.id}/reopen`, { method: "POST", body: "[1]" })).status).toBe(400);
    const bad = await fetch(`${servers.brokerUrl}/events?after=-1&limit=501`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toMatch(/after .*limit/);
  });

  it("switches faults and reads request counts over the admin endpoints", async () => {
    const okf = servers.urls.OKF;
    await fetch(`${okf}/__admin/requests/reset`, { method: "POST" });
    await fetch(`${okf}/__admin/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ status: 503 }),
    });
    expect((await fetch(`${okf}/cases?cvr=${world.showcase.manufacturer}`)).status).toBe(503);
    await fetch(`${okf}/__admin/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect((await fetch(`${okf}/cases?cvr=${world.showcase.manufacturer}`)).status).toBe(200);
    expect(await (await fetch(`${okf}/__admin/requests`)).json()).toEqual({ total: 2, byPath: { "/cases": 2 } });
    expect(servers.simulators.OKF.requestLog.count("/cases")).toBe(2);
  });

  it("resets the TCP connection for connectionReset and hangs for hang", async () => {
    const tmf = servers.urls.TMF;
    servers.simulators.TMF.faults.set({ connectionReset: true });
    await expect(fetch(`${tmf}/health`)).rejects.toThrow("fetch failed");
    servers.simulators.TMF.faults.set({ hang: true });
    await expect(fetch(`${tmf}/health`, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    servers.simulators.TMF.faults.clear();
    expect((await fetch(`${tmf}/health`)).status).toBe(200);
  });

  it("refuses to listen beyond loopback", async () => {
    await expect(startSimulatorServers({ world, host: "0.0.0.0" })).rejects.toThrow(/loopback/);
  });
});
