// The replica topology (test/replicas): two gateways and two replicas of every subgraph behind
// HAProxy, as separate processes. Its own project so it runs alone: `npm run test:replicas -w test`.
module.exports = { ...require("../jest.base.js"), testMatch: ["<rootDir>/replicas/**/*.test.ts"], testTimeout: 120000 };
