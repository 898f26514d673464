import { findService, systemDepartment, type Department } from "@company-graph/domain";
import type { Inquiry, InquiryPart, InquiryStatus } from "../generated/prisma/client.js";
import { messagesFor, type Language } from "../i18n/messages";

/**
 * An inquiry is registered once and asks for one or more things, each a part (InquiryPart) with
 * its own service, department, owner, handovers and closing. What the inquiry as a whole is —
 * open, handed over, closed, and when — is derived here from its parts and stored nowhere else.
 */
export type InquiryWithParts = Inquiry & { parts: InquiryPart[] };

/** Loaders read inquiries with their parts, in the order registered. */
export const WITH_PARTS = { parts: { orderBy: { position: "asc" } } } as const;

/** CLOSED when every part is; HANDED_OVER while an open part has been handed over; else OPEN. */
export function inquiryStatus(parts: readonly Pick<InquiryPart, "status">[]): InquiryStatus {
  const open = parts.filter((part) => part.status !== "CLOSED");
  if (open.length === 0) return "CLOSED";
  return open.some((part) => part.status === "HANDED_OVER") ? "HANDED_OVER" : "OPEN";
}

/** When the last part was closed; null while any part is open. */
export function inquiryClosedAt(parts: readonly Pick<InquiryPart, "closedAt">[]): Date | null {
  if (parts.length === 0 || parts.some((part) => !part.closedAt)) return null;
  return new Date(Math.max(...parts.map((part) => part.closedAt!.getTime())));
}

/** The part's department: its service's (the catalogue's case system), or the one named without a service. */
export function partDepartment(part: Pick<InquiryPart, "serviceId" | "department">): Department | null {
  const service = part.serviceId ? findService(part.serviceId) : undefined;
  if (service) return systemDepartment(service.department);
  return (part.department as Department | null) ?? null;
}

/** How a person names a part on the timeline: its service, else its department; null when it has neither. */
function partLabel(part: Pick<InquiryPart, "serviceId" | "department">, language: Language): string | null {
  const service = part.serviceId ? findService(part.serviceId) : undefined;
  const department = partDepartment(part);
  if (service) return `${department}: ${language === "da" ? service.nameDa : service.nameEn}`;
  return department ?? null;
}

/** A part's timeline summary names the part only when the inquiry has several. */
export function partSummary(
  inquiry: InquiryWithParts | null,
  part: InquiryPart,
  text: string,
  language: Language,
  event: "handedOver" | "closed",
): string {
  const messages = messagesFor(language);
  const label = inquiry && inquiry.parts.length > 1 ? partLabel(part, language) : null;
  if (event === "handedOver") return label ? messages.inquiryPartHandedOver(label, text) : messages.inquiryHandedOver(text);
  return label ? messages.inquiryPartClosed(label, text) : messages.inquiryClosed(text);
}
