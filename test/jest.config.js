module.exports = { ...require("../jest.base.js"), testMatch: ["<rootDir>/e2e/**/*.test.ts"], testTimeout: 60000 };
