import { createLogger, redirectLogs, scrubPersonalData } from "../src/observability/logger";

describe("the structured logger", () => {
  it("writes JSON lines with level, service and message, and leaves out personal data and secrets", () => {
    const lines: string[] = [];
    const restore = redirectLogs({ write: (line) => void lines.push(line) }, "info");
    try {
      const logger = createLogger("crm");
      logger.info(
        { cpr: "0101901234", person: { cpr: "010190-1234" }, variables: { cvr: "36509120" }, headers: { authorization: "Bearer secret" } },
        "looked up 010190-1234",
      );
      logger.error({ err: new Error("no company with CPR 010190-1234") }, "failed");
      logger.debug("below the level");
    } finally {
      restore();
    }
    expect(lines).toHaveLength(2);
    const [info, error] = lines.map((line) => JSON.parse(line));
    expect(info).toMatchObject({
      level: "info",
      service: "crm",
      msg: "looked up [CPR removed]",
      cpr: "[redacted]",
      person: { cpr: "[redacted]" },
      variables: "[redacted]",
      headers: { authorization: "[redacted]" },
    });
    expect(error.err.message).toBe("no company with CPR [CPR removed]");
    expect(lines.join("")).not.toMatch(/0101901234|010190-1234|secret/);
  });

  it("keeps P-numbers, CVR numbers, dates and UUIDs intact", () => {
    const text = "P-number 1012345678, CVR 36509120, 2026-11-01, request d6391683-4145-4661-b092-410f76e4c9fe";
    expect(scrubPersonalData(text)).toBe(text);
  });
});
