import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { webAppHandlers } from "../src/web-app";

// The web workspace's files on the gateway's origin: the page under a policy that lets it load and
// connect to nothing but this origin, hashed assets cached for good, a missing asset never the page.

const root = mkdtempSync(join(tmpdir(), "web-app-"));
mkdirSync(join(root, "dist", "assets"), { recursive: true });
writeFileSync(join(root, "dist", "index.html"), "<!doctype html><title>Virksomhedsoverblik</title>");
writeFileSync(join(root, "dist", "assets", "index-abc123.js"), "console.log(1)");
writeFileSync(join(root, "secret.txt"), "not for the web");

let server: http.Server;
let base: string;
beforeAll(async () => {
  const app = express();
  app.use("/app/", ...webAppHandlers(join(root, "dist")));
  app.use((_request, response) => void response.status(404).json({ errors: [{ message: "not found" }] }));
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the web workspace's files", () => {
  it("serves the page under a policy that allows this origin only, nothing inline", async () => {
    const response = await fetch(`${base}/app/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Virksomhedsoverblik");
    const policy = response.headers.get("content-security-policy")!;
    expect(policy.split("; ")).toEqual(
      expect.arrayContaining([
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
      ]),
    );
    expect(policy).not.toMatch(/unsafe|https?:|\*/);
    expect(response.headers.get("cache-control")).toBe("no-cache");
  });

  it("answers every other path with the page, which routes itself", async () => {
    const response = await fetch(`${base}/app/virksomhed/36509120`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Virksomhedsoverblik");
  });

  it("caches hashed assets for good and answers a missing one 404, not with the page", async () => {
    const asset = await fetch(`${base}/app/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await fetch(`${base}/app/assets/index-old999.js`)).status).toBe(404);
  });

  it("serves nothing outside its folder", async () => {
    for (const path of ["/app/../secret.txt", "/app/%2e%2e/secret.txt", "/app/..%2fsecret.txt"]) {
      const body = await (await fetch(`${base}${path}`)).text();
      expect({ path, leaked: body.includes("not for the web") }).toEqual({ path, leaked: false });
    }
  });

  it("tells the page where to log in, and lets it connect to that provider and nowhere else", async () => {
    const app = express();
    app.use(
      "/app/",
      ...webAppHandlers(join(root, "dist"), { issuer: "https://login.kk.example/realms/erhverv", clientId: "virksomhedsoverblik" }),
    );
    const withProvider = http.createServer(app);
    await new Promise<void>((resolve) => withProvider.listen(0, "127.0.0.1", resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(withProvider.address() as AddressInfo).port}/app/config.json`);
      expect(await response.json()).toEqual({
        oidc: { issuer: "https://login.kk.example/realms/erhverv", clientId: "virksomhedsoverblik" },
      });
      expect(response.headers.get("content-security-policy")).toContain("connect-src 'self' https://login.kk.example;");
    } finally {
      await new Promise<void>((resolve) => withProvider.close(() => resolve()));
    }
    expect(await (await fetch(`${base}/app/config.json`)).json()).toEqual({ oidc: null });
  });

  it("refuses to start without a build", () => {
    expect(() => webAppHandlers(join(root, "missing"))).toThrow(/WEB_APP_DIR has no index.html/);
  });
});
