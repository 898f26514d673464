import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { CASE_EVENTS_EXCHANGE, NOTIFICATION_SIGNALS_EXCHANGE } from "@company-graph/domain";
import { gatewayConfig } from "@company-graph/gateway";
import { departmentConfig } from "@company-graph/kit/department";
import { subgraphSecurityConfig } from "@company-graph/kit/auth";
import { crmConfig } from "../../subgraphs/crm/src/config";

// The Kubernetes deployment (deploy/, docs/deployment.md), checked offline by scripts/check-manifests.mjs:
// rendered with `kubectl kustomize`, validated against the Kubernetes API schemas, and every
// variable a container sets read by its service.
const ROOT = resolve(__dirname, "..", "..");
const SCRIPT = join(ROOT, "scripts", "check-manifests.mjs");
const PRODUCTION = join(ROOT, "deploy", "overlays", "production");

interface CheckResult {
  objects: number;
  problems: string[];
  containers: { deployment: string; service: string; env: Record<string, string | { from: unknown }> }[];
}

function check(kustomization: string, env: NodeJS.ProcessEnv = process.env): { status: number | null; result: CheckResult } {
  const run = spawnSync(process.execPath, [SCRIPT, kustomization, "--json"], { cwd: ROOT, env, encoding: "utf8" });
  return { status: run.status, result: JSON.parse(run.stdout) as CheckResult };
}

/** An overlay on top of production, in a temporary folder: how a mistake in deploy/ would look. */
function overlayWith(patch: string, deployment = "gateway"): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "deploy-check-"));
  // kustomize takes only relative paths to other kustomizations.
  writeFileSync(
    join(dir, "kustomization.yaml"),
    `resources:\n  - ${relative(dir, PRODUCTION)}\npatches:\n  - target: { kind: Deployment, name: ${deployment} }\n    patch: |-\n${patch.replace(/^/gm, "      ")}\n`,
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What a container sets in the manifest itself, without what comes from Secrets and ConfigMaps. */
const literalsOf = (env: CheckResult["containers"][number]["env"]): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(env).filter(([, value]) => typeof value === "string")) as NodeJS.ProcessEnv;

describe("the production deployment", () => {
  let production: CheckResult;
  beforeAll(() => {
    const { status, result } = check(PRODUCTION);
    production = result;
    expect(result.problems).toEqual([]);
    expect(status).toBe(0);
  });

  it("renders every service and validates against the Kubernetes API schemas", () => {
    expect(production.objects).toBeGreaterThan(40);
    expect(production.containers.map((container) => container.service).sort()).toEqual(["bif", "crm", "gateway", "kff", "okf", "tmf"]);
  });

  it("sets only values each service's own configuration accepts", () => {
    const keys = generateKeyPairSync("ed25519");
    // Secrets hold placeholders in git; here they get well-formed values so the rest is what is checked.
    const fromSecretsAndConfigMaps: Record<string, string> = {
      GATEWAY_PUBLIC_KEY: keys.publicKey.export({ type: "spki", format: "pem" }).toString(),
      GATEWAY_SIGNING_KEY: keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      ACCESS_LOG_SECRET: "a-secret-of-at-least-thirty-two-characters",
      DATABASE_URL: "postgresql://crm@postgres:5432/crm",
      REDIS_URL: "redis://redis:6379/0",
      CVR_USERNAME: "municipality",
      CVR_PASSWORD: "secret",
      AUTH_ISSUER: "https://login.example.internal",
      AUTH_AUDIENCE: "company-graph",
      CASE_EVENTS_URL: "amqps://crm:secret@broker.example.internal:5671/kk?heartbeat=30",
      NOTIFICATION_SIGNALS_URL: "amqps://signals:secret@broker.example.internal:5671/kk?heartbeat=30",
    };
    for (const { service, env } of production.containers) {
      const resolved = Object.fromEntries(
        Object.entries(env).map(([name, value]) => [name, typeof value === "string" ? value : fromSecretsAndConfigMaps[name]]),
      );
      expect(Object.entries(resolved).filter(([, value]) => typeof value !== "string")).toEqual([]);
      if (service === "gateway") {
        expect(gatewayConfig(resolved).subgraphUrls).toEqual({
          crm: "http://crm:4005/graphql",
          bif: "http://bif:4001/graphql",
          tmf: "http://tmf:4002/graphql",
          kff: "http://kff:4003/graphql",
          okf: "http://okf:4004/graphql",
        });
        continue;
      }
      expect(() => subgraphSecurityConfig(resolved)).not.toThrow();
      if (service === "crm")
        expect(crmConfig(resolved)).toMatchObject({ HOST: "0.0.0.0", PORT: 4005, CVR_URL: "http://cvr-register:8080" });
      else
        expect(departmentConfig(service.toUpperCase() as "BIF", resolved)).toMatchObject({
          HOST: "0.0.0.0",
          SOURCE_URL: `http://${service}-system:8080`,
        });
    }
  });

  it("wires the business events, the live notifications and the webhooks with the code's names and defaults", () => {
    const envOf = (service: string) => production.containers.find((container) => container.service === service)!.env;
    const crm = envOf("crm");
    const gateway = envOf("gateway");
    const fromSecret = (name: string, key: string) => ({
      from: { secretKeyRef: { name: expect.stringMatching(new RegExp(`^${name}-[a-z0-9]{10}$`)), key } },
    });
    expect(crm.CASE_EVENTS_URL).toEqual(fromSecret("crm-case-events", "CASE_EVENTS_URL"));
    expect(crm.NOTIFICATION_SIGNALS_URL).toEqual(fromSecret("crm-notification-signals", "NOTIFICATION_SIGNALS_URL"));
    expect(gateway.NOTIFICATION_SIGNALS_URL).toEqual(fromSecret("gateway-notification-signals", "NOTIFICATION_SIGNALS_URL"));
    expect(crm.WEBHOOK_ENDPOINTS).toBe("public-https");
    // The broker's side binds and permits these names, and the CRM publishes where the gateways listen.
    expect(crm.CASE_EVENTS_EXCHANGE).toBe(CASE_EVENTS_EXCHANGE);
    expect(crm.NOTIFICATION_SIGNALS_EXCHANGE).toBe(NOTIFICATION_SIGNALS_EXCHANGE);
    expect(gateway.NOTIFICATION_SIGNALS_EXCHANGE).toBe(NOTIFICATION_SIGNALS_EXCHANGE);
    const literals = (env: Record<string, unknown>, names: string[]) => Object.fromEntries(names.map((name) => [name, env[name]]));
    const crmSettings = [
      "CASE_EVENTS_QUEUE",
      "CASE_EVENTS_EXCHANGE",
      "CASE_EVENTS_PREFETCH",
      "CASE_EVENTS_DEAD_LETTER_MAX",
      "NOTIFICATION_SIGNALS_EXCHANGE",
      "NOTIFICATION_SWEEP_INTERVAL_MS",
      "NOTIFICATION_SWEEP_LIMIT",
      "WEBHOOK_ENDPOINTS",
      "WEBHOOK_INTERVAL_MS",
      "WEBHOOK_CONCURRENCY",
      "WEBHOOK_TIMEOUT_MS",
    ];
    expect(literals(crmConfig(literalsOf(crm)), crmSettings)).toEqual(literals(crmConfig({}), crmSettings));
    const gatewaySettings = ["NOTIFICATION_SIGNALS_EXCHANGE", "STREAMS_PER_USER", "STREAMS_PER_GATEWAY"];
    expect(literals(gatewayConfig(literalsOf(gateway)), gatewaySettings)).toEqual(literals(gatewayConfig({}), gatewaySettings));
  });

  it("refuses, with the manifests' environment, a broker URL that is not amqps", () => {
    const crm = production.containers.find((container) => container.service === "crm")!.env;
    const withUrl = (url: string) => ({ ...literalsOf(crm), CASE_EVENTS_URL: url });
    expect(() => crmConfig(withUrl("amqp://crm:secret@broker.example.internal:5672/kk"))).toThrow(
      /CASE_EVENTS_URL: ukrypteret forbindelse til en anden maskine afvises i produktion/,
    );
    expect(crmConfig(withUrl("amqps://crm:secret@broker.example.internal:5671/kk")).CASE_EVENTS_URL).toMatch(/^amqps:/);
  });

  it("names credentials set as a literal rather than from a Secret", () => {
    const overlay = overlayWith(
      "- op: add\n  path: /spec/template/spec/containers/0/env/-\n  value: { name: NOTIFICATION_SIGNALS_URL, value: 'amqps://gateway:secret@broker.example.internal:5671' }",
    );
    try {
      const { status, result } = check(overlay.dir);
      expect(status).toBe(1);
      expect(result.problems).toEqual([
        "Deployment/gateway container gateway: NOTIFICATION_SIGNALS_URL carries credentials and must come from a Secret (secretKeyRef)",
      ]);
    } finally {
      overlay.remove();
    }
  });

  it("names partners' webhooks allowed anywhere but public https hosts", () => {
    const overlay = overlayWith(
      "- op: add\n  path: /spec/template/spec/containers/0/env/-\n  value: { name: WEBHOOK_ENDPOINTS, value: loopback }",
      "crm",
    );
    try {
      const { status, result } = check(overlay.dir);
      expect(status).toBe(1);
      expect(result.problems).toEqual(["Deployment/crm container crm: WEBHOOK_ENDPOINTS must be public-https in production"]);
    } finally {
      overlay.remove();
    }
  });

  it("names a variable the service does not read", () => {
    const overlay = overlayWith(
      "- op: add\n  path: /spec/template/spec/containers/0/env/-\n  value: { name: SUBGRAPH_TIMEOUT, value: '5000' }",
    );
    try {
      const { status, result } = check(overlay.dir);
      expect(status).toBe(1);
      expect(result.problems).toEqual([
        expect.stringMatching(/^Deployment\/gateway container gateway: sets SUBGRAPH_TIMEOUT, which the gateway service does not read/),
      ]);
    } finally {
      overlay.remove();
    }
  });

  it("names a field the Kubernetes schema refuses", () => {
    const overlay = overlayWith("- op: replace\n  path: /spec/template/spec/containers/0/ports/0/containerPort\n  value: http");
    try {
      const { status, result } = check(overlay.dir);
      expect(status).toBe(1);
      expect(result.problems).toEqual([
        expect.stringContaining("Deployment/gateway: data/spec/template/spec/containers/0/ports/0/containerPort must be integer"),
      ]);
    } finally {
      overlay.remove();
    }
  });

  it("names a field Kubernetes does not know", () => {
    const overlay = overlayWith(
      "- op: add\n  path: /spec/template/spec/containers/0/readinesProbe\n  value: { httpGet: { path: /ready, port: http } }",
    );
    try {
      const { status, result } = check(overlay.dir);
      expect(status).toBe(1);
      expect(result.problems).toEqual([
        expect.stringMatching(/^Deployment\/gateway: .*'"readinesProbe"' does not exist in type 'IContainer'/),
      ]);
    } finally {
      overlay.remove();
    }
  });

  it.each([
    [
      "without a preStop wait",
      "- op: remove\n  path: /spec/template/spec/containers/0/lifecycle",
      /^Deployment\/gateway container gateway: needs a preStop sleep of at least 5 s/,
    ],
    [
      "with a grace period its drain does not fit in",
      "- op: replace\n  path: /spec/template/spec/terminationGracePeriodSeconds\n  value: 15",
      /^Deployment\/gateway container gateway: terminationGracePeriodSeconds \(15\) must exceed the preStop sleep \(10 s\) plus the drain \(10 s\)/,
    ],
  ])("names a replica that would go before it drains: %s", (_case, patch, problem) => {
    const overlay = overlayWith(patch);
    try {
      const { status, result } = check(overlay.dir);
      expect(status).toBe(1);
      expect(result.problems).toEqual([expect.stringMatching(problem)]);
    } finally {
      overlay.remove();
    }
  });

  it("fails, saying how to install it, when kubectl is missing", () => {
    const { status, result } = check(PRODUCTION, { ...process.env, KUBECTL: "kubectl-not-installed" });
    expect(status).toBe(1);
    expect(result.problems).toEqual([expect.stringContaining("https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/")]);
  });
});

// No container engine runs here, so the image is not built; what can be checked without one is.
describe("the Dockerfile", () => {
  const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");
  const workspaces = Object.keys(
    (JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, unknown> }).packages,
  ).filter((path) => path && !path.includes("node_modules"));

  it("gives npm ci every workspace's package.json, as the lockfile lists them", () => {
    const copied = [...dockerfile.matchAll(/^COPY (\S+)\/package\.json \S+$/gm)].map((match) => match[1]);
    expect(copied.sort()).toEqual([...workspaces].sort());
  });

  it("copies only files the build produced or the repository holds, and starts every service the manifests name", () => {
    const fromBuild = [...dockerfile.matchAll(/^COPY --from=build \/app\/(\S+) (\S+)$/gm)].map((match) => match[1]);
    expect(fromBuild.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
    for (const entry of ["gateway", "subgraphs/crm", "subgraphs/bif", "subgraphs/tmf", "subgraphs/kff", "subgraphs/okf"]) {
      expect(fromBuild).toEqual(expect.arrayContaining([`${entry}/dist`]));
      expect(dockerfile).toContain(`--workspace=${entry} `.trim());
    }
    expect(dockerfile).toMatch(/^USER 10001:10001$/m);
  });
});
