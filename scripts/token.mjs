#!/usr/bin/env node
// `npm run token -- --role KEY_ACCOUNT_MANAGER [--user <employee id>] [--department BIF] [--unit <unit id>]
//                   [--grant '{"fields":["Query.company","Company.name"],"operations":["CompanyProfile"]}'] [--ttl 28800]`
// Mints a user token from the gateway's development issuer (gateway/.data/dev-issuer, created on
// first use). Without --user it picks a real employee of the demo world with the role, so the id
// matches the CRM's employees. Prints the token alone on stdout.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "test", "package.json"));
const { ensureDevIssuer, mintUserToken } = require("@company-graph/gateway");
const { demoEmployee, EMPLOYEE_ROLE, generateWorld } = require("@company-graph/mocks");
const { ROLES } = require("@company-graph/kit/auth");

const { values } = parseArgs({
  options: {
    role: { type: "string", default: "KEY_ACCOUNT_MANAGER" },
    user: { type: "string" },
    department: { type: "string" },
    unit: { type: "string" },
    grant: { type: "string" },
    ttl: { type: "string", default: String(8 * 3600) },
    list: { type: "boolean", default: false },
  },
});

if (!ROLES.includes(values.role)) {
  console.error(`--role must be one of ${ROLES.join(", ")}`);
  process.exit(2);
}
const world = generateWorld({ profile: "small", seed: Number(process.env.SIMULATOR_SEED ?? 2014) });
if (values.list) {
  for (const role of Object.keys(EMPLOYEE_ROLE)) {
    const employee = demoEmployee(world, role);
    if (employee) console.error(`${role.padEnd(20)} ${employee.id.padEnd(12)} ${employee.name} (${employee.unitName})`);
  }
}
const department = values.role === "CASEWORKER" ? (values.department ?? "BIF") : values.department;
const employee = values.user
  ? world.employees.find((candidate) => candidate.id === values.user)
  : demoEmployee(world, values.role, department);
const userId = values.user ?? employee?.id ?? `${values.role.toLowerCase().replace(/_/g, "-")}-demo`;
const grant = values.role === "PARTNER" ? JSON.parse(values.grant ?? '{"fields":["Query.company","Company.name"],"operations":["CompanyProfile"]}') : undefined;
const identity = {
  userId,
  role: values.role,
  ...(department ? { department } : {}),
  ...((values.unit ?? (department ? employee?.unitId : undefined)) ? { unit: values.unit ?? employee?.unitId } : {}),
  ...(grant ? { grant } : {}),
};
console.error(`token for ${JSON.stringify(identity)}${employee ? ` (${employee.name})` : ""}`);
console.log(mintUserToken(identity, ensureDevIssuer(), { ttlSeconds: Number(values.ttl) }));
