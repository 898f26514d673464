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

  it("answers the contract over real HTTP", async () => {
    const response = await fetch(`${servers.urls.KFF}/cases?cvr=${world.showcase.restaurant}`);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const { items } = (await response.json()) as { items: Case[] };
    expect(items.some((item) => item.caseType === "alcohol-licence")).toBe(true);
    const bad = await fetch(`${servers.urls.KFF}/cases?cvr=abc`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
  });

  it("switches faults and reads request counts over the admin endpoints", async () => {
    const okf = servers.urls.OKF;
    await fetch(`${okf}/__admin/requests/reset`, { method: "POST" });
    await fetch(`${okf}/__admin/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ status: 503 }) });
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
