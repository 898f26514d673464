import { DEPARTMENT_NAMES, type Department } from "@company-graph/domain";
import type { Notification } from "../generated/prisma/client.js";
import { messagesFor, permitKindText, type Language } from "../i18n/messages";
import { NOTIFYING, OCCASIONS } from "./notify";

const TIME_ZONE = "Europe/Copenhagen";

/** A date as the reader writes it, on the municipality's calendar: "20. november 2026". */
function dateText(at: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, day: "numeric", month: "long", year: "numeric" }).format(at);
}

/** The kind of a stored notification (its change's message type, or its occasion) as the schema names it. */
export function notificationKind(row: Pick<Notification, "kind">) {
  const kind = NOTIFYING[row.kind as keyof typeof NOTIFYING] ?? OCCASIONS[row.kind as keyof typeof OCCASIONS];
  if (!kind) throw new Error(`notification of a change that notifies no one: ${row.kind}`);
  return kind;
}

/** The notification as its reader reads it, composed when read so it follows the reader's language. */
export function notificationText(row: Notification, language: Language): string {
  const messages = messagesFor(language);
  const isPermit = row.kind.startsWith("permit.");
  const what =
    row.withheld || row.subject === null ? messages.notificationWithheld : isPermit ? permitKindText(row.subject, language) : row.subject;
  return messages.notification[notificationKind(row)]({
    department: row.department === null ? null : (DEPARTMENT_NAMES[row.department as Department]?.[language] ?? row.department),
    date: dateText(row.occurredAt, messages.dateLocale),
    what,
    validTo: row.validTo ? dateText(row.validTo, messages.dateLocale) : null,
    lastUpdate: row.lastUpdateAt ? dateText(row.lastUpdateAt, messages.dateLocale) : null,
    promiseDays: row.promiseDays,
  });
}
