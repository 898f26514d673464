// The web workspace's first screen (bench/web-first-screen.bench.ts), run by bench/web-workspace.mjs --first-screen.
module.exports = {
  ...require("../jest.base.js"),
  rootDir: "..",
  testMatch: ["<rootDir>/bench/web-first-screen.bench.ts"],
  testTimeout: 180000,
};
