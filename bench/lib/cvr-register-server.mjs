// The simulated CVR register alone (mocks/cvr, built), as a real HTTP server in its own process
// so the sync under measurement pays for HTTP and JSON as against the real register, and the
// simulator's memory is not counted as the sync's. Prints one JSON line when it listens.
//
//   CVR_USERNAME=… CVR_PASSWORD=… node bench/lib/cvr-register-server.mjs <profile> <seed> <now> <file for the CVR numbers>
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const requireFromMocks = createRequire(join(root, "mocks/package.json"));
const mocks = requireFromMocks(join(root, "mocks"));
const { createServer: createMswApp } = requireFromMocks("@mswjs/http-middleware");

const [profile = "city", seed = "2014", now = mocks.DEFAULT_NOW, cvrsFile] = process.argv.slice(2);
const started = performance.now();
// The world is only needed to build the register's documents; it is not kept.
const { register, cvrs } = (() => {
  const world = mocks.generateWorld({ profile, seed: Number(seed), now });
  const credentials = { username: process.env.CVR_USERNAME ?? "bench", password: process.env.CVR_PASSWORD ?? "bench" };
  return { register: new mocks.CvrRegister(world, { baseUrl: "", ...credentials }), cvrs: world.companies.map((company) => company.cvr) };
})();
const generatedMs = Math.round(performance.now() - started);
// Too long for one line of output: the workers read them from the file.
if (cvrsFile) writeFileSync(cvrsFile, JSON.stringify(cvrs));
const app = createMswApp(...register.handlers());
const server = createServer((request, response) => app(request, response));
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address();
  console.log(
    JSON.stringify({
      url: `http://127.0.0.1:${port}`,
      generatedMs,
      companies: register.companyCount,
      productionUnits: register.productionUnitCount,
    }),
  );
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
