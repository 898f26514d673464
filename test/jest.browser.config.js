// The explorer in a real browser: Debian's Chromium (/usr/bin/chromium) driven by playwright-core.
// Separate from the e2e suite so it can be run alone: `npm run test:browser -w test`.
module.exports = { ...require("../jest.base.js"), testMatch: ["<rootDir>/browser/**/*.browser.test.ts"], testTimeout: 120000 };
