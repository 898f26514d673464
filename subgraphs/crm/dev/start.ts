/**
 * `npm start`'s CRM: the production entry point (src/index.ts main, syncing companies from the
 * CVR_URL register exactly as production does) plus the development seed step once the first
 * sync has delivered the companies. The world is the simulators' (SIMULATOR_PROFILE,
 * SIMULATOR_SEED, SIMULATOR_NOW). Refuses to start under NODE_ENV=production.
 */
import { createLogger } from "@company-graph/kit/observability";
import { exitOnStartupFailure } from "@company-graph/kit/shutdown";
import { main } from "@company-graph/crm";
import { generateWorld, isProfileName } from "@company-graph/mocks";
import { demoDataOf, refuseInProduction, seedDemoData } from "./demo-data";

function worldOptions(env: NodeJS.ProcessEnv) {
  const profile = env.SIMULATOR_PROFILE ?? "small";
  if (!isProfileName(profile)) throw new Error(`SIMULATOR_PROFILE must be "small" or "city", got "${profile}"`);
  return { profile, seed: env.SIMULATOR_SEED ? Number(env.SIMULATOR_SEED) : undefined, now: env.SIMULATOR_NOW };
}

async function start(): Promise<void> {
  refuseInProduction();
  const options = worldOptions(process.env);
  await main({
    afterFirstSync: async (db) => {
      const world = generateWorld(options);
      const seeded = await seedDemoData(db, demoDataOf(world), { now: new Date(world.now) });
      createLogger("crm").info(
        { ...seeded, profile: world.profile },
        `development seed on ${seeded.companies} companies from the CVR register: ${seeded.employees} employees, ${seeded.keyAccounts} key account assignments, ${seeded.segments} segments from the simulated world`,
      );
    },
  });
}

start().catch(exitOnStartupFailure("crm"));
