// Two workers even on a 2-core machine (Jest's default there is one, in band): a test file spends
// much of its time waiting on PostgreSQL or in PGlite's wasm, and the files share nothing but
// uniquely named databases and the migrated-PGlite template (written by rename).
module.exports = { ...require("../../jest.base.js"), maxWorkers: 2 };
