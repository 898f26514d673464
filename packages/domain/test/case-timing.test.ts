import {
  findService,
  isOpen,
  isPastTarget,
  isUpdateOverdue,
  processingDays,
  serviceLevel,
  targetProcessingDays,
  updatePromiseDays,
  wholeDaysBetween,
} from "../src";

const now = new Date("2026-03-10T12:00:00.000Z");
const serviceId = "bif-wage-refunds";
const target = serviceLevel(findService(serviceId)!).targetProcessingDays;

describe("case timing", () => {
  it("counts whole days and never below zero", () => {
    expect(wholeDaysBetween(Date.parse("2026-03-01T12:00:00Z"), Date.parse("2026-03-03T11:59:59Z"))).toBe(1);
    expect(wholeDaysBetween(Date.parse("2026-03-03T00:00:00Z"), Date.parse("2026-03-01T00:00:00Z"))).toBe(0);
  });

  it("measures processing to the decision, else the closing, else now", () => {
    const openedAt = "2026-03-01T12:00:00.000Z";
    expect(processingDays({ openedAt, decidedAt: "2026-03-04T12:00:00.000Z", closedAt: "2026-03-08T12:00:00.000Z" }, now)).toBe(3);
    expect(processingDays({ openedAt, decidedAt: null, closedAt: "2026-03-08T12:00:00.000Z" }, now)).toBe(7);
    expect(processingDays({ openedAt }, now)).toBe(9);
  });

  it("takes the target from the service's level, 0 for an unknown service", () => {
    expect(targetProcessingDays({ serviceId })).toBe(target);
    expect(targetProcessingDays({ serviceId: "no-such-service" })).toBe(0);
  });

  it("is past target only beyond the target's last day", () => {
    const openedAt = new Date(now.getTime() - target * 86_400_000).toISOString();
    expect(isPastTarget({ serviceId, openedAt }, now)).toBe(false);
    expect(isPastTarget({ serviceId, openedAt: new Date(Date.parse(openedAt) - 86_400_000).toISOString() }, now)).toBe(true);
  });

  it("is open until closed or at the last progress step", () => {
    expect(isOpen({ progress: "Oplyst", closedAt: null })).toBe(true);
    expect(isOpen({ progress: "Oplyst", closedAt: "2026-03-02T00:00:00.000Z" })).toBe(false);
    expect(isOpen({ progress: "Afsluttet" })).toBe(false);
  });

  it("holds an open case to its service's promise of løbende orientering, from its latest update or else its opening", () => {
    expect([
      updatePromiseDays({ serviceId: "kes-single-entry-triage" }),
      updatePromiseDays({ serviceId: "bif-company-work-placement" }),
      updatePromiseDays({ serviceId }),
      updatePromiseDays({ serviceId: "unknown" }),
    ]).toEqual([7, 14, 30, 30]);
    expect(updatePromiseDays({ serviceId: "tmf-environmental-approval-very-complex" })).toBe(45);
    const open = {
      serviceId: "bif-company-work-placement",
      progress: "Oplyst",
      openedAt: "2026-02-20T12:00:00.000Z",
      closedAt: null,
      lastUpdateSentAt: null,
    };
    // 18 days since the opening, 14 promised.
    expect(isUpdateOverdue(open, now)).toBe(true);
    expect(isUpdateOverdue({ ...open, lastUpdateSentAt: "2026-02-24T12:00:00.000Z" }, now)).toBe(false);
    expect(isUpdateOverdue({ ...open, lastUpdateSentAt: "2026-02-23T12:00:00.000Z" }, now)).toBe(true);
    expect(isUpdateOverdue(open, now, 20)).toBe(false);
    expect(isUpdateOverdue({ ...open, progress: "Afsluttet", closedAt: "2026-03-01T00:00:00.000Z" }, now)).toBe(false);
  });
});
