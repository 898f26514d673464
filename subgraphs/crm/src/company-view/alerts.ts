import { badUserInput } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import type { FollowUp } from "../generated/prisma/client.js";
import { gatherCases, gatherPermits, type CompanyWithDepartmentData, type PermitRecord } from "./department-data";
import { openCases } from "./case-status";
import { isOverdue } from "../follow-up/overdue";
import { daysUntilExpiry, isExpiringWithin, permitReference, permitStatus } from "./permits";
import { messagesFor, permitKindText, type Language } from "../i18n/messages";

const DAY_MS = 86_400_000;

export interface AlertOptions {
  /** An open case alerts after this many days without an update; null: after its service's promise (isUpdateOverdue). */
  noUpdateForDays: number | null;
  /** An active permit ending within this many days alerts. */
  permitExpiringWithinDays: number;
  /** An expired, not renewed permit alerts for this many days after its last valid day. */
  permitExpiredWithinDays: number;
  now: Date;
  language: Language;
  /** When the company ceased by the CVR register (Company.ceasedOn); null while it trades. */
  ceasedOn?: Date | null;
}

function requireDays(value: number, name: string) {
  if (!Number.isInteger(value) || value < 0) throw badUserInput(refusal.badUserInput.zeroOrMore(name, value), name);
}

/**
 * Expired and not renewed: no permit of the same kind from the same department is in force or
 * granted later. Only while the company trades (no ceasedOn from the CVR register, see
 * companyAlerts); the window keeps permits of long-gone seasons out.
 */
function expiredNotRenewed(permits: readonly PermitRecord[], now: Date, withinDays: number): PermitRecord[] {
  return permits.filter((permit) => {
    if (permitStatus(permit, now) !== "EXPIRED" || !permit.validTo) return false;
    if (now.getTime() - Date.parse(permit.validTo) > withinDays * DAY_MS) return false;
    return !permits.some(
      (other) =>
        other !== permit &&
        other.kind === permit.kind &&
        other.department === permit.department &&
        (permitStatus(other, now) !== "EXPIRED" || Date.parse(other.grantedAt) > Date.parse(permit.grantedAt)),
    );
  });
}

/** Company.alerts: what the key account manager should act on, with one Danish (or English) line each. */
export function companyAlerts(company: CompanyWithDepartmentData, followUps: readonly FollowUp[], options: AlertOptions) {
  const { now, language } = options;
  if (options.noUpdateForDays !== null) requireDays(options.noUpdateForDays, "noUpdateForDays");
  requireDays(options.permitExpiringWithinDays, "permitExpiringWithinDays");
  requireDays(options.permitExpiredWithinDays, "permitExpiredWithinDays");
  const text = messagesFor(language);
  const cases = gatherCases(company);
  const permits = gatherPermits(company);
  const open = openCases(cases.items, now);
  const overdueFollowUps = followUps.filter((followUp) => isOverdue(followUp, now));
  const casesPastTarget = open.filter((status) => status.isPastTarget);
  const casesWithoutRecentUpdate = open.filter((status) =>
    options.noUpdateForDays === null ? status.isUpdateOverdue : status.daysSinceLastUpdate > options.noUpdateForDays,
  );
  // A ceased company needs no renewal: its permits raise no alerts.
  const trades = !options.ceasedOn || options.ceasedOn.getTime() > now.getTime();
  const permitsExpiring = (trades ? permits.items : [])
    .filter((permit) => isExpiringWithin(permit, now, options.permitExpiringWithinDays))
    .sort((a, b) => Date.parse(a.validTo!) - Date.parse(b.validTo!) || (a.id < b.id ? -1 : 1));
  const permitsExpired = expiredNotRenewed(trades ? permits.items : [], now, options.permitExpiredWithinDays).sort(
    (a, b) => Date.parse(b.validTo!) - Date.parse(a.validTo!) || (a.id < b.id ? -1 : 1),
  );
  const messages = [
    ...overdueFollowUps.map((followUp) => text.alertFollowUpOverdue(followUp.description)),
    ...casesPastTarget.map((status) => text.alertCasePastTarget(status.title, status.processingDays, status.targetProcessingDays)),
    ...casesWithoutRecentUpdate.map((status) => text.alertCaseWithoutUpdate(status.title, status.daysSinceLastUpdate)),
    ...permitsExpiring.map((permit) => text.alertPermitExpiring(permitKindText(permit.kind, language), daysUntilExpiry(permit, now)!)),
    ...permitsExpired.map((permit) => text.alertPermitExpired(permitKindText(permit.kind, language), permit.validTo!.slice(0, 10))),
  ];
  return {
    hasAlerts: messages.length > 0,
    messages,
    overdueFollowUps,
    casesPastTarget,
    casesWithoutRecentUpdate,
    permitsExpiringSoon: permitsExpiring.map(permitReference),
    permitsExpiredNotRenewed: permitsExpired.map(permitReference),
    incompleteDepartments: [...new Set([...cases.incompleteDepartments, ...permits.incompleteDepartments])],
  };
}
