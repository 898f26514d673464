import { GraphQLError } from "graphql";
import { badUserInput, maskError, SourceError } from "../src/errors";
import { requireValidCvr } from "../src/cvr-argument";

describe("errors", () => {
  it("explains a malformed and a checksum-invalid CVR with BAD_USER_INPUT", () => {
    expect(() => requireValidCvr("abc")).toThrow(/exactly 8 digits/);
    try {
      requireValidCvr("12345678");
      throw new Error("should have thrown");
    } catch (error) {
      expect(error).toBeInstanceOf(GraphQLError);
      expect((error as GraphQLError).extensions).toEqual({ code: "BAD_USER_INPUT", field: "cvr" });
      expect((error as GraphQLError).message).toMatch(/check digit/);
    }
  });

  it("keeps deliberate errors and strips their stack traces", () => {
    const formatted = {
      ...badUserInput("bad", "x").toJSON(),
      extensions: { code: "BAD_USER_INPUT", field: "x", stacktrace: ["at secret.ts:1"] },
    };
    expect(maskError(formatted)).toEqual({ message: "bad", extensions: { code: "BAD_USER_INPUT", field: "x" } });
  });

  it("hides internals of unexpected errors", () => {
    const masked = maskError({
      message: 'relation "Inquiry" does not exist at postgres://10.0.0.1',
      extensions: { code: "INTERNAL_SERVER_ERROR", stacktrace: ["..."] },
    });
    expect(masked).toEqual({
      message: "Intern fejl: forespørgslen kunne ikke gennemføres / Internal error: the request could not be completed",
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
    expect(maskError({ message: "TypeError: x is undefined" }).message).not.toMatch(/TypeError/);
  });

  it("names the department of a failed source", () => {
    const error = new SourceError("TMF", "timeout", "after 2000 ms");
    expect(error.extensions).toEqual({ code: "SOURCE_TIMEOUT", department: "TMF" });
    expect(error.message).toMatch(/^TMF/);
    expect(error.message).not.toMatch(/2000/);
  });
});
