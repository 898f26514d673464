#!/usr/bin/env node
// Mints a user token from the gateway's development issuer (gateway/.data/dev-issuer, created on
// first use). Without --user it picks a real employee of the demo world with the role, so the id
// matches the CRM's employees. Prints the token alone on stdout; `--help` says how.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const USAGE = `Brug / usage: npm run -s token -- [tilvalg / options]

Udsteder et udviklingstoken til gatewayen og skriver det alene på stdout.
Mints a development token for the gateway and prints it alone on stdout.

  --role <rolle>         KEY_ACCOUNT_MANAGER (standard / default), FRONT_OFFICE, CASEWORKER, ANALYST, AUDITOR eller / or PARTNER
  --user <id>            medarbejder-id / employee id (standard: en rigtig medarbejder i demoverdenen med rollen)
  --department <afd.>    en sagsbehandlers afdeling, fx / a caseworker's department, e.g. TMF (CASEWORKER: BIF som standard / by default)
  --unit <enhed>         enhedens id / unit id
  --grant <json>         en partners adgang / a partner's grant, fx / e.g. '{"fields":["Query.company","Company.name"],"operations":["CompanyProfile"]}'
  --ttl <sekunder>       levetid i sekunder / lifetime in seconds (standard / default 28800 = 8 t)
  --list                 viser demoverdenens medarbejder for hver rolle på stderr / lists the demo world's employee per role on stderr
  -h, --help             denne tekst / this text

Eksempel / example:
  curl -H "authorization: Bearer $(npm run -s token -- --role FRONT_OFFICE)" …`;

/** A bad argument: a Danish-first line and the usage hint on stderr, exit code 2, never a stack trace. */
function refuse(danish, english) {
  console.error(`npm run token: ${danish} / ${english}\nSe / see: npm run -s token -- --help`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      role: { type: "string", default: "KEY_ACCOUNT_MANAGER" },
      user: { type: "string" },
      department: { type: "string" },
      unit: { type: "string" },
      grant: { type: "string" },
      ttl: { type: "string", default: String(8 * 3600) },
      list: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  }));
} catch (error) {
  refuse("ukendt eller ufuldstændigt tilvalg", error.message);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "test", "package.json"));
const { ensureDevIssuer, mintUserToken } = require("@company-graph/gateway");
const { demoEmployee, EMPLOYEE_ROLE, generateWorld } = require("@company-graph/mocks");
const { ROLES } = require("@company-graph/kit/auth");
const { DEPARTMENTS } = require("@company-graph/domain");

if (!ROLES.includes(values.role)) refuse(`--role skal være en af ${ROLES.join(", ")}`, `--role must be one of ${ROLES.join(", ")}`);
if (values.department !== undefined && !DEPARTMENTS.includes(values.department))
  refuse(`--department skal være en af ${DEPARTMENTS.join(", ")}`, `--department must be one of ${DEPARTMENTS.join(", ")}`);
if (!/^[1-9]\d*$/.test(values.ttl))
  refuse(
    `--ttl skal være et positivt helt antal sekunder, ikke ${JSON.stringify(values.ttl)}`,
    "--ttl must be a positive whole number of seconds",
  );
let grant;
if (values.role === "PARTNER") {
  try {
    grant = JSON.parse(values.grant ?? '{"fields":["Query.company","Company.name"],"operations":["CompanyProfile"]}');
  } catch (error) {
    refuse("--grant er ikke gyldig JSON", `--grant is not valid JSON (${error.message})`);
  }
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
const identity = {
  userId,
  role: values.role,
  ...(department ? { department } : {}),
  ...((values.unit ?? (department ? employee?.unitId : undefined)) ? { unit: values.unit ?? employee?.unitId } : {}),
  ...(grant ? { grant } : {}),
};
console.error(`token for ${JSON.stringify(identity)}${employee ? ` (${employee.name})` : ""}`);
try {
  console.log(mintUserToken(identity, ensureDevIssuer(), { ttlSeconds: Number(values.ttl) }));
} catch (error) {
  refuse("tokenet kunne ikke udstedes", error instanceof Error ? error.message : String(error));
}
