// Loaded before every test file: the same telemetry switches as scripts/offline-env.mjs,
// so a test run can never phone home even when started without the npm scripts.
Object.assign(process.env, {
  APOLLO_TELEMETRY_DISABLED: "true",
  CHECKPOINT_DISABLE: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  DO_NOT_TRACK: "1",
});
