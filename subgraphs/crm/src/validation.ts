import { badUserInput } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import { requireValidCvr } from "@company-graph/kit/cvr";
import { findService, PACKAGES, type ServicePackage } from "@company-graph/domain";
import type { Company, Employee, Inquiry } from "./generated/prisma/client.js";
import type { InquiryWithParts } from "./inquiry/parts";
import type { CrmContext } from "./context";

/**
 * Input checks shared by the mutations. Every failure is BAD_USER_INPUT with `extensions.field`
 * naming the input field (`input.` prefix left out), so a client can point at the wrong box.
 */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_TEXT = 10_000;

export function requireText(value: string, field: string, maxLength = MAX_TEXT): string {
  const trimmed = value.trim();
  if (!trimmed) throw badUserInput(refusal.badUserInput.notEmpty(field), field);
  if (trimmed.length > maxLength) throw badUserInput(refusal.badUserInput.tooLong(field, maxLength), field);
  return trimmed;
}

/** An optional text: null/undefined stays absent, blank becomes null. */
export function optionalText(value: string | null | undefined, field: string, maxLength = MAX_TEXT): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed.length > maxLength) throw badUserInput(refusal.badUserInput.tooLong(field, maxLength), field);
  return trimmed || null;
}

export function optionalEmail(value: string | null | undefined, field: string): string | null {
  const email = optionalText(value, field, 320);
  if (email !== null && !EMAIL.test(email)) throw badUserInput(refusal.badUserInput.notAnEmail(email), field);
  return email;
}

export function requireIdempotencyKey(value: string): string {
  const key = value.trim();
  if (!key || key.length > 200) throw badUserInput(refusal.badUserInput.idempotencyKeyLength, "idempotencyKey");
  return key;
}

export function requireScore(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1 || value > 5) throw badUserInput(refusal.badUserInput.score(field), field);
  return value;
}

/** A DateTime input as a Date; the scalar has already checked the format. */
function toDate(value: string, field: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw badUserInput(refusal.badUserInput.notAPointInTime(field), field);
  return date;
}

/** When something happened: defaults to now, and may not lie in the future (a minute's clock skew allowed). */
export function pastOrNow(value: string | null | undefined, field: string, now: Date): Date {
  if (value === null || value === undefined) return now;
  const date = toDate(value, field);
  if (date.getTime() > now.getTime() + 60_000) throw badUserInput(refusal.badUserInput.notInTheFuture(field), field);
  return date;
}

export function requireFuture(value: string, field: string, now: Date): Date {
  const date = toDate(value, field);
  if (date.getTime() < now.getTime()) throw badUserInput(refusal.badUserInput.notInThePast(field), field);
  return date;
}

/**
 * What is recorded on an inquiry (a note, a follow-up, its outcome) cannot lie before the
 * inquiry arrived: a note dated years before its inquiry's receipt is a typing error.
 */
export function noEarlierThanReceipt(date: Date, inquiry: Pick<Inquiry, "id" | "receivedAt"> | null, field: string): Date {
  if (inquiry && date.getTime() < inquiry.receivedAt.getTime()) {
    throw badUserInput(refusal.badUserInput.beforeReceipt(field, inquiry.receivedAt.toISOString(), inquiry.id), field);
  }
  return date;
}

export function optionalServiceId(value: string | null | undefined, field = "serviceId"): string | null {
  if (value === null || value === undefined) return null;
  if (!findService(value)) throw badUserInput(refusal.badUserInput.noService(value), field);
  return value;
}

export function requirePackage(id: string, field = "packageId"): ServicePackage {
  const found = PACKAGES.find((candidate) => candidate.id === id);
  if (!found)
    throw badUserInput(
      refusal.badUserInput.noPackage(
        id,
        PACKAGES.map((p) => p.id),
      ),
      field,
    );
  return found;
}

export async function requireCompany(context: CrmContext, cvr: string, field = "cvr"): Promise<Company> {
  requireValidCvr(cvr, field);
  const company = await context.loaders.company.load(cvr);
  if (!company) throw badUserInput(refusal.badUserInput.noCompany(cvr), field);
  return company;
}

export async function requireEmployee(context: CrmContext, id: string, field: string): Promise<Employee> {
  const employee = await context.loaders.employee.load(id);
  if (!employee) throw badUserInput(refusal.badUserInput.noEmployee(id), field);
  return employee;
}

export async function requireInquiry(context: CrmContext, id: string, field = "inquiryId"): Promise<InquiryWithParts> {
  const inquiry = await context.loaders.inquiry.load(id);
  if (!inquiry) throw badUserInput(refusal.badUserInput.noInquiry(id), field);
  return inquiry;
}

/** An optional inquiry reference that must belong to the given company. */
export async function optionalInquiryOf(
  context: CrmContext,
  id: string | null | undefined,
  cvr: string,
  field = "inquiryId",
): Promise<Inquiry | null> {
  if (id === null || id === undefined) return null;
  const inquiry = await requireInquiry(context, id, field);
  if (inquiry.cvr !== cvr) throw badUserInput(refusal.badUserInput.inquiryOfAnotherCompany(id), field);
  return inquiry;
}
