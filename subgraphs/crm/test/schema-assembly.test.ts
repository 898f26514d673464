import { execFileSync } from "node:child_process";
import { join } from "node:path";

describe("schema.graphql", () => {
  it("is the assembly of the modules' fragments (src/**/schema.graphql; run `npm run generate` after editing one)", () => {
    expect(() =>
      execFileSync(process.execPath, [join(__dirname, "..", "assemble-schema.mjs"), "--check"], { stdio: "pipe" }),
    ).not.toThrow();
  });
});
