#!/usr/bin/env node
// Checks the Kubernetes deployment offline: renders a kustomization (deploy/overlays/production by
// default) with `kubectl kustomize`, validates every object against the Kubernetes API schemas that
// kubernetes-models ships (no cluster, nothing downloaded), and checks what docs/deployment.md
// promises: replicas, probes, a drain that fits the grace period, PDBs, the gateway's HPA, the hardening, the supergraph ConfigMap,
// placeholder-only Secrets, credentials only from Secrets, partners' webhooks to public https hosts
// only, and that every environment variable a container sets is one its service reads.
//
//   node scripts/check-manifests.mjs [kustomization dir] [--json]
//
// Exit 0 when there is nothing to report; otherwise every problem on its own line and exit 1.
// --json prints { objects, problems, containers: [{ deployment, service, env }] } instead.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import ts from "typescript";
import domain from "@company-graph/domain";

const ROOT = resolve(fileURLToPath(import.meta.url), "..", "..");
const DEPARTMENT_SUBGRAPHS = domain.DEPARTMENTS.map(domain.subgraphName);
const KUBECTL_HINT =
  "kubectl with its built-in kustomize (v5, kubectl 1.27 or newer) is needed to render deploy/: install it as https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/ describes " +
  "(Debian's kubernetes-client package is too old), or point KUBECTL at one";

/** Which workspace each container's command starts, and so which sources say what it reads. */
const SERVICES = {
  "gateway/dist/index.js": { service: "gateway", sources: ["gateway/src", "packages/kit/src"] },
  "subgraphs/crm/dist/index.js": { service: "crm", sources: ["subgraphs/crm/src", "packages/kit/src"] },
  ...Object.fromEntries(
    DEPARTMENT_SUBGRAPHS.map((dept) => [
      `subgraphs/${dept}/dist/index.js`,
      { service: dept, sources: [`subgraphs/${dept}/src`, "packages/kit/src"] },
    ]),
  ),
};

/**
 * How long a service drains its in-flight requests after SIGTERM: Apollo's drain plugin's grace
 * (stopGracePeriodMillis, 10 s by default), which the gateway and the kit's serveSubgraph keep.
 */
const DRAIN_SECONDS = 10;
/** The least preStop wait: a terminating pod leaves the endpoints of every node and the ingress only after a few seconds. */
const MIN_PRESTOP_SECONDS = 5;

/** Variables that carry a password or a key: only ever from a Secret, never a literal in git or a ConfigMap. */
const FROM_SECRET = new Set([
  "DATABASE_URL",
  "REDIS_URL",
  "CASE_EVENTS_URL",
  "NOTIFICATION_SIGNALS_URL",
  "CVR_PASSWORD",
  "GATEWAY_SIGNING_KEY",
  "ACCESS_LOG_SECRET",
]);

/** The readiness check of each service (gateway/src/server.ts, packages/kit/src/server.ts). */
const READINESS_PATH = { gateway: "/ready", crm: "/health", ...Object.fromEntries(DEPARTMENT_SUBGRAPHS.map((name) => [name, "/health"])) };

export function render(kustomization) {
  const kubectl = process.env.KUBECTL || "kubectl";
  try {
    return execFileSync(kubectl, ["kustomize", kustomization], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    if (error.code === "ENOENT") throw new Error(`${kubectl} not found. ${KUBECTL_HINT}`, { cause: error });
    throw new Error(`kubectl kustomize ${kustomization} failed: ${error.stderr || error.message}`, { cause: error });
  }
}

export function parseObjects(rendered) {
  return parseAllDocuments(rendered)
    .map((document) => {
      if (document.errors.length) throw new Error(`rendered YAML does not parse: ${document.errors[0].message}`);
      return document.toJS();
    })
    .filter(Boolean);
}

const nameOf = (object) => `${object.kind}/${object.metadata?.name}`;

/** Validates with the model kubernetes-models generated from the Kubernetes OpenAPI for that apiVersion and kind. */
async function schemaProblems(object) {
  const group = object.apiVersion?.includes("/") ? object.apiVersion : `v1`;
  const path = object.apiVersion === "v1" ? `v1/${object.kind}` : `${group}/${object.kind}`;
  let Model;
  try {
    ({ [object.kind]: Model } = await import(`kubernetes-models/${path}`));
  } catch {
    return [`${nameOf(object)}: no Kubernetes schema for ${object.apiVersion} ${object.kind}`];
  }
  try {
    new Model(asDecoded(object)).validate();
    return [];
  } catch (error) {
    return [`${nameOf(object)}: ${error.message}`];
  }
}

/**
 * The schemas' validators accept fields Kubernetes does not know (a misspelt `readinesProbe` would
 * pass and be dropped by the API server). The TypeScript interfaces kubernetes-models ships next
 * to them are exact, so type-checking each object as an object literal of its interface reports
 * every unknown field. The file is virtual: nothing is written.
 */
function unknownFieldProblems(objects) {
  const file = join(ROOT, "scripts", ".rendered-manifests.mts");
  const modulePath = (object) => (object.apiVersion === "v1" ? `v1/${object.kind}` : `${object.apiVersion}/${object.kind}`);
  // Two lines per object, so a diagnostic's line says which object it is about.
  const source = objects
    .map(
      (object, index) =>
        `import type { I${object.kind} as T${index} } from "kubernetes-models/${modulePath(object)}";\nexport const object${index}: T${index} = ${JSON.stringify(object)};`,
    )
    .join("\n");
  const host = ts.createCompilerHost({});
  const { readFile, fileExists } = host;
  host.readFile = (name) => (name === file ? source : readFile(name));
  host.fileExists = (name) => name === file || fileExists(name);
  const options = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    target: ts.ScriptTarget.ES2022,
  };
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
    if (diagnostic.file?.fileName !== file || diagnostic.start === undefined) return `manifest types: ${message}`;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${nameOf(objects[Math.floor(line / 2)])}: ${message}`;
  });
}

/**
 * kustomize wraps long base64 Secret values over several lines; the API server's decoder (Go's
 * encoding/base64) skips those newlines, the schema's "byte" format does not, so drop them first.
 */
function asDecoded(object) {
  if (object.kind !== "Secret" || !object.data) return object;
  return {
    ...object,
    data: Object.fromEntries(Object.entries(object.data).map(([key, value]) => [key, String(value).replace(/[\r\n]/g, "")])),
  };
}

/**
 * Environment variables a service reads: the keys of the zod shapes it hands loadConfig() and every
 * `process.env.X` / `env.X` in its sources and the kit's, and the names it builds per department
 * from a template (`SUBGRAPH_${…}_URL`). Parsed with the TypeScript compiler rather than matched by
 * text so comments and strings do not count.
 */
export function variablesRead(sourceDirs) {
  const names = new Set();
  // A name built per department of the registry, e.g. `SUBGRAPH_${name.toUpperCase()}_URL`: any value in the gap.
  const patterns = [];
  const visit = (node) => {
    if (
      ts.isTemplateExpression(node) &&
      /^[A-Z][A-Z0-9]*_$/.test(node.head.text) &&
      node.templateSpans.length === 1 &&
      /^(_[A-Z0-9_]*)?$/.test(node.templateSpans[0].literal.text)
    ) {
      patterns.push(new RegExp(`^${node.head.text}[A-Z0-9]+${node.templateSpans[0].literal.text}$`));
    }
    if (
      ts.isCallExpression(node) &&
      node.expression.getText() === "loadConfig" &&
      node.arguments[0] &&
      ts.isObjectLiteralExpression(node.arguments[0])
    ) {
      for (const property of node.arguments[0].properties) if (property.name) names.add(property.name.getText());
    }
    if (ts.isPropertyAccessExpression(node) && /(^|\.)env$/.test(node.expression.getText()) && /^[A-Z][A-Z0-9_]*$/.test(node.name.text))
      names.add(node.name.text);
    ts.forEachChild(node, visit);
  };
  for (const dir of sourceDirs) {
    for (const file of typescriptFiles(join(ROOT, dir))) {
      visit(ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true));
    }
  }
  return { has: (name) => names.has(name) || patterns.some((pattern) => pattern.test(name)), names, patterns };
}

function typescriptFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts"))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .filter((file) => !file.includes(`${"/"}generated${"/"}`));
}

function containerProblems(deployment, container, readers) {
  const where = `${nameOf(deployment)} container ${container.name}`;
  const problems = [];
  const entry = (container.command ?? []).find((part) => SERVICES[part]);
  if (!entry)
    return { problems: [`${where}: its command ${JSON.stringify(container.command)} starts none of ${Object.keys(SERVICES).join(", ")}`] };
  const { service, sources } = SERVICES[entry];
  const accepted = (readers[service] ??= variablesRead(sources));
  const env = {};
  for (const variable of container.env ?? []) {
    if (!accepted.has(variable.name))
      problems.push(
        `${where}: sets ${variable.name}, which the ${service} service does not read (it reads ${[...accepted.names, ...accepted.patterns.map(String)].sort().join(", ")})`,
      );
    if (FROM_SECRET.has(variable.name) && !variable.valueFrom?.secretKeyRef)
      problems.push(`${where}: ${variable.name} carries credentials and must come from a Secret (secretKeyRef)`);
    env[variable.name] = variable.valueFrom ? { from: variable.valueFrom } : variable.value;
  }
  if (service === "crm" && env.WEBHOOK_ENDPOINTS !== undefined && env.WEBHOOK_ENDPOINTS !== "public-https")
    problems.push(`${where}: WEBHOOK_ENDPOINTS must be public-https in production`);
  if (env.NODE_ENV !== "production") problems.push(`${where}: NODE_ENV must be production`);
  if (container.livenessProbe?.httpGet?.path !== "/health") problems.push(`${where}: liveness must be GET /health`);
  if (container.readinessProbe?.httpGet?.path !== READINESS_PATH[service])
    problems.push(`${where}: readiness must be GET ${READINESS_PATH[service]}`);
  const preStop = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
  if (preStop < MIN_PRESTOP_SECONDS)
    problems.push(
      `${where}: needs a preStop sleep of at least ${MIN_PRESTOP_SECONDS} s, so the Service stops routing to it before SIGTERM closes its listener`,
    );
  const grace = deployment.spec.template.spec.terminationGracePeriodSeconds ?? 30;
  if (grace <= preStop + DRAIN_SECONDS)
    problems.push(
      `${where}: terminationGracePeriodSeconds (${grace}) must exceed the preStop sleep (${preStop} s) plus the drain (${DRAIN_SECONDS} s), or in-flight requests are killed`,
    );
  const security = container.securityContext ?? {};
  if (security.readOnlyRootFilesystem !== true) problems.push(`${where}: needs readOnlyRootFilesystem`);
  if (security.allowPrivilegeEscalation !== false) problems.push(`${where}: needs allowPrivilegeEscalation: false`);
  if (!security.capabilities?.drop?.includes("ALL")) problems.push(`${where}: must drop ALL capabilities`);
  for (const kind of ["requests", "limits"]) {
    if (!container.resources?.[kind]?.cpu || !container.resources?.[kind]?.memory) problems.push(`${where}: needs cpu and memory ${kind}`);
  }
  return { problems, service, env };
}

const selects = (selector, labels) => Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels?.[key] === value);

/** The checks beyond the schemas: what docs/deployment.md promises a platform team. */
export function deploymentProblems(objects) {
  const problems = [];
  const containers = [];
  const readers = {};
  const byKind = (kind) => objects.filter((object) => object.kind === kind);
  const deployments = byKind("Deployment");
  for (const service of Object.keys(READINESS_PATH)) {
    if (!deployments.some((deployment) => deployment.metadata.name === service)) problems.push(`Deployment/${service} is missing`);
  }
  for (const deployment of deployments) {
    const labels = deployment.spec.template.metadata?.labels;
    const pod = deployment.spec.template.spec;
    if (!(deployment.spec.replicas >= 2))
      problems.push(`${nameOf(deployment)}: needs at least two replicas, has ${deployment.spec.replicas}`);
    if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${nameOf(deployment)}: pod needs runAsNonRoot`);
    if (!byKind("PodDisruptionBudget").some((budget) => selects(budget.spec.selector, labels)))
      problems.push(`${nameOf(deployment)}: no PodDisruptionBudget selects its pods`);
    if (
      !byKind("NetworkPolicy").some(
        (policy) => selects(policy.spec.podSelector, labels) && policy.spec.policyTypes?.includes("Ingress") && policy.spec.ingress?.length,
      )
    ) {
      problems.push(`${nameOf(deployment)}: no NetworkPolicy admits traffic to its pods`);
    }
    for (const container of pod.containers) {
      const checked = containerProblems(deployment, container, readers);
      problems.push(...checked.problems);
      if (checked.service) containers.push({ deployment: deployment.metadata.name, service: checked.service, env: checked.env });
    }
  }
  if (
    !byKind("HorizontalPodAutoscaler").some(
      (hpa) => hpa.spec.scaleTargetRef?.kind === "Deployment" && hpa.spec.scaleTargetRef?.name === "gateway" && hpa.spec.minReplicas >= 2,
    )
  ) {
    problems.push("the gateway needs a HorizontalPodAutoscaler with minReplicas ≥ 2");
  }
  if (
    !byKind("NetworkPolicy").some(
      (policy) =>
        Object.keys(policy.spec.podSelector ?? {}).every((key) => !Object.keys(policy.spec.podSelector[key] ?? {}).length) &&
        policy.spec.policyTypes?.length === 2,
    )
  ) {
    problems.push("no default-deny NetworkPolicy (empty podSelector, Ingress and Egress)");
  }
  problems.push(
    ...supergraphProblems(
      objects,
      deployments.find((deployment) => deployment.metadata.name === "gateway"),
    ),
  );
  problems.push(...secretProblems(byKind("Secret")));
  return { problems, containers };
}

/** The gateway mounts a ConfigMap holding exactly the committed supergraph, under a hashed name. */
function supergraphProblems(objects, gateway) {
  const committed = readFileSync(join(ROOT, "schema", "supergraph.graphql"), "utf8");
  const configMap = objects.find((object) => object.kind === "ConfigMap" && object.data?.["supergraph.graphql"] !== undefined);
  if (!configMap) return ["no ConfigMap holds supergraph.graphql"];
  const problems = [];
  if (configMap.data["supergraph.graphql"] !== committed) problems.push(`${nameOf(configMap)}: differs from schema/supergraph.graphql`);
  if (!/^supergraph-[a-z0-9]{10}$/.test(configMap.metadata.name))
    problems.push(`${nameOf(configMap)}: needs kustomize's content hash in its name, so a new supergraph rolls the gateway out`);
  const mounted = gateway?.spec.template.spec.volumes?.some((volume) => volume.configMap?.name === configMap.metadata.name);
  if (gateway && !mounted) problems.push(`Deployment/gateway does not mount ${nameOf(configMap)}`);
  return problems;
}

/** No real key or password is committed: every generated Secret value is a REPLACE-ME placeholder. */
function secretProblems(secrets) {
  const problems = [];
  for (const secret of secrets) {
    for (const [key, encoded] of Object.entries(secret.data ?? {})) {
      if (!Buffer.from(encoded, "base64").toString("utf8").startsWith("REPLACE-ME"))
        problems.push(`${nameOf(secret)}: ${key} is not a REPLACE-ME placeholder: real secrets never go into git`);
    }
    for (const key of Object.keys(secret.stringData ?? {}))
      problems.push(`${nameOf(secret)}: ${key} is in stringData: real secrets never go into git`);
  }
  return problems;
}

export async function checkManifests(kustomization) {
  const objects = parseObjects(render(kustomization));
  const problems = (await Promise.all(objects.map(schemaProblems))).flat();
  if (!problems.length) problems.push(...unknownFieldProblems(objects));
  const deployment = deploymentProblems(objects);
  return { objects: objects.length, problems: [...problems, ...deployment.problems], containers: deployment.containers };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const kustomization = args.find((arg) => !arg.startsWith("--")) ?? join(ROOT, "deploy", "overlays", "production");
  try {
    const result = await checkManifests(kustomization);
    if (json) console.log(JSON.stringify(result, null, 2));
    else if (result.problems.length) console.error(result.problems.join("\n"));
    else
      console.log(
        `${relative(process.cwd(), kustomization) || "."}: ${result.objects} objects valid against the Kubernetes API schemas; replicas, probes, drain, budgets, policies, secrets and environment as docs/deployment.md describes`,
      );
    process.exitCode = result.problems.length ? 1 : 0;
  } catch (error) {
    if (json) console.log(JSON.stringify({ objects: 0, problems: [error.message], containers: [] }));
    else console.error(error.message);
    process.exitCode = 1;
  }
}
