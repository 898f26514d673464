import type { InquiryPartInput, RegisterInquiryInput, Resolvers } from "../generated/graphql";
import { required } from "../required";
import { accessOf } from "@company-graph/kit/auth";
import { badUserInput, forbidden } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import { catalogueService } from "@company-graph/kit/schema";
import { requireValidCvr } from "@company-graph/kit/cvr";
import { findService, systemDepartment, type Department } from "@company-graph/domain";
import type { Employee, InquiryPart } from "../generated/prisma/client.js";
import type { CrmContext } from "../context";
import { actingEmployee, ASSIGNING_ROLES, employeeActedFor } from "../actor";
import { idempotentCreate } from "../idempotency";
import { inquiryClosedAt, inquiryStatus, partDepartment, WITH_PARTS, type InquiryWithParts } from "./parts";
import { notifyHandoverReceiver } from "../notification/handover";
import {
  noEarlierThanReceipt,
  optionalEmail,
  optionalServiceId,
  optionalText,
  pastOrNow,
  requireInquiry,
  requireEmployee,
  requireText,
} from "../validation";
import { forgetCompany } from "../forget";
import { requireRecordedBasisIfProtected } from "../outreach/basis";
import { languageOfContext } from "../i18n/context";

/** Which part an act is on: partId, or inquiryId of an inquiry with one part. */
interface PartReference {
  inquiryId?: string | null;
  partId?: string | null;
}

/** More would be a list of separate inquiries; ten covers every department and service package. */
const MAX_PARTS = 10;

interface PreparedPart {
  serviceId: string | null;
  department: Department | null;
  ownerId: string;
}

/**
 * The parts as registered: each service at most once; a department named beside a service must
 * be the service's (only the department without a service is stored); every owner is the caller
 * unless the caller may assign work (ASSIGNING_ROLES).
 */
async function prepareParts(context: CrmContext, registeredBy: Employee, input: RegisterInquiryInput): Promise<PreparedPart[]> {
  if (input.parts !== null && input.parts !== undefined) {
    const beside =
      input.serviceId !== null && input.serviceId !== undefined
        ? "serviceId"
        : input.assigneeId !== null && input.assigneeId !== undefined
          ? "assigneeId"
          : null;
    if (beside)
      throw badUserInput(refusal.badUserInput.partFieldBesideParts(beside === "serviceId" ? "serviceId" : "ownerId", beside), beside);
    if (input.parts.length === 0 || input.parts.length > MAX_PARTS)
      throw badUserInput(refusal.badUserInput.partCount(MAX_PARTS, input.parts.length), "parts");
  }
  const given = input.parts ?? [{ serviceId: input.serviceId, ownerId: input.assigneeId }];
  const field = (index: number, name: keyof InquiryPartInput) =>
    input.parts ? `parts[${index}].${name}` : name === "ownerId" ? "assigneeId" : name;
  const seen = new Set<string>();
  const prepared: PreparedPart[] = [];
  for (const [index, part] of given.entries()) {
    const serviceId = optionalServiceId(part.serviceId, field(index, "serviceId"));
    if (serviceId) {
      if (seen.has(serviceId)) throw badUserInput(refusal.badUserInput.serviceInSeveralParts(serviceId), field(index, "serviceId"));
      seen.add(serviceId);
      const ofService = systemDepartment(findService(serviceId)!.department);
      if (part.department && part.department !== ofService) {
        throw badUserInput(
          refusal.badUserInput.serviceOfAnotherDepartment(serviceId, ofService, part.department),
          field(index, "department"),
        );
      }
    }
    const owner = await employeeActedFor(context, registeredBy, part.ownerId, field(index, "ownerId"));
    prepared.push({ serviceId, department: serviceId ? null : (part.department ?? null), ownerId: owner.id });
  }
  return prepared;
}

/** The part an act names, with its inquiry; the error names the field the caller used. */
async function requirePart(
  context: CrmContext,
  reference: PartReference,
): Promise<{ inquiry: InquiryWithParts; part: InquiryPart; field: string }> {
  if (reference.partId) {
    const part = await context.loaders.inquiryPart.load(reference.partId);
    if (!part) throw badUserInput(refusal.badUserInput.noInquiryPart(reference.partId), "partId");
    if (reference.inquiryId && reference.inquiryId !== part.inquiryId)
      throw badUserInput(refusal.badUserInput.partOfAnotherInquiry(part.id), "partId");
    const inquiry = await requireInquiry(context, part.inquiryId, "partId");
    return { inquiry, part: inquiry.parts.find((candidate) => candidate.id === part.id) ?? part, field: "partId" };
  }
  if (!reference.inquiryId) throw badUserInput(refusal.badUserInput.partIdNeeded, "partId");
  const inquiry = await requireInquiry(context, reference.inquiryId);
  if (inquiry.parts.length !== 1) {
    throw badUserInput(refusal.badUserInput.partIdNeededForSeveral(inquiry.id, inquiry.parts.length), "partId");
  }
  return { inquiry, part: inquiry.parts[0], field: "inquiryId" };
}

/** The part's owner hands it on; the front office and key account managers may hand over anyone's. */
function requireHandoverRight(context: CrmContext, by: Employee, part: InquiryPart, field: string): void {
  if (by.id === part.ownerId) return;
  const role = accessOf(context)?.identity.role;
  if (!role || !ASSIGNING_ROLES.includes(role)) throw forbidden(refusal.forbidden.onlyAssignersHandOver(ASSIGNING_ROLES), field);
}

/**
 * The part's owner closes it: the department (or team) it was handed to answers for the outcome.
 * A colleague in the owner's unit may close it for them (absence); the front office closes only
 * the parts it still owns.
 */
async function requireCloseRight(context: CrmContext, closer: Employee, part: InquiryPart, field: string): Promise<void> {
  if (closer.id === part.ownerId) return;
  const owner = await context.loaders.employee.load(part.ownerId);
  if (owner && owner.unitId === closer.unitId) return;
  throw forbidden(refusal.forbidden.onlyOwnerUnitCloses, field);
}

const loadInquiry = (context: CrmContext) => (id: string) => context.db.inquiry.findUnique({ where: { id }, include: WITH_PARTS });

const referralOf = (part: InquiryPart | undefined) =>
  part?.referralPartner
    ? { partner: part.referralPartner, contactName: part.referralContact, contactEmail: part.referralContactEmail, note: part.referralNote }
    : null;

/** Reads the inquiry back after a write, past this request's cache. */
async function fresh(context: CrmContext, inquiry: { id: string; cvr: string }): Promise<InquiryWithParts> {
  forgetCompany(context, inquiry.cvr, inquiry.id);
  return (await context.loaders.inquiry.load(inquiry.id))!;
}

export const inquiryResolvers: Resolvers = {
  Query: {
    inquiry: (_, args, context) => context.loaders.inquiry.load(args.id),
    inquiryPartsOwnedBy: (_, args, context) =>
      context.db.inquiryPart.findMany({
        where: { ownerId: args.ownerId, ...(args.status ? { status: args.status } : {}) },
        orderBy: [{ inquiry: { receivedAt: "asc" } }, { inquiryId: "asc" }, { position: "asc" }],
      }),
  },
  Mutation: {
    registerInquiry: async (_, { input }, context) => {
      // The registrar is the caller; each part's first owner is who it is about (the caller by default).
      const registeredBy = await actingEmployee(context);
      const inquiry = await idempotentCreate(context.db, {
        operation: "registerInquiry",
        userId: registeredBy.id,
        input: { ...input },
        load: loadInquiry(context),
        prepare: async () => {
          requireValidCvr(input.cvr, "cvr");
          const company = await context.loaders.company.load(input.cvr);
          const companyName = optionalText(input.companyName, "companyName", 300);
          if (!company && !companyName) throw badUserInput(refusal.badUserInput.noCompanyGiveName(input.cvr), "companyName");
          if (input.channel === "OUTREACH") {
            // Advertising protection is read from the CRM's copy of the register: a company it does not know could be protected.
            if (!company) throw badUserInput(refusal.badUserInput.outreachNeedsKnownCompany(input.cvr), "cvr");
            await requireRecordedBasisIfProtected(context.db, company, languageOfContext(context));
          }
          return {
            companyName,
            companyDescription: optionalText(input.companyDescription, "companyDescription"),
            topic: requireText(input.topic, "topic", 300),
            needs: optionalText(input.needs, "needs"),
            receivedAt: pastOrNow(input.receivedAt, "receivedAt", context.now()),
            parts: await prepareParts(context, registeredBy, input),
          };
        },
        create: async (tx, id, prepared) => {
          // Registers the company when it is new: INSERT ... ON CONFLICT DO NOTHING, so concurrent
          // first inquiries of one company do not collide.
          await tx.company.createMany({ data: [{ cvr: input.cvr, name: prepared.companyName ?? input.cvr }], skipDuplicates: true });
          if (prepared.companyDescription)
            await tx.company.update({ where: { cvr: input.cvr }, data: { description: prepared.companyDescription } });
          return tx.inquiry.create({
            data: {
              id,
              cvr: input.cvr,
              channel: input.channel,
              topic: prepared.topic,
              needs: prepared.needs,
              companyStage: input.companyStage ?? null,
              registeredById: registeredBy.id,
              receivedAt: prepared.receivedAt,
              parts: { create: prepared.parts.map((part, position) => ({ position, ...part })) },
            },
            include: WITH_PARTS,
          });
        },
      });
      return fresh(context, inquiry);
    },

    handOverInquiry: async (_, { input }, context) => {
      // Who hands over is the caller. The receiver is who the act is about: the part's owner may
      // pass it on; only the front office and key account managers may move someone else's.
      const by = await actingEmployee(context);
      const inquiry = await idempotentCreate(context.db, {
        operation: "handOverInquiry",
        userId: by.id,
        input: { ...input },
        load: loadInquiry(context),
        prepare: async () => {
          const { part, field } = await requirePart(context, input);
          requireHandoverRight(context, by, part, field);
          await requireEmployee(context, input.toEmployeeId, "toEmployeeId");
          if (part.status === "CLOSED") throw badUserInput(refusal.badUserInput.partClosedNoHandOver(part.id), field);
          if (part.ownerId === input.toEmployeeId)
            throw badUserInput(refusal.badUserInput.partAlreadyWith(part.id, input.toEmployeeId), "toEmployeeId");
          return { partId: part.id, field, note: optionalText(input.note, "note") };
        },
        create: async (tx, id, { partId, field, note }) => {
          // Read the owner inside the transaction: the chain stays right when handovers race.
          const current = await tx.inquiryPart.findUniqueOrThrow({ where: { id: partId } });
          if (current.status === "CLOSED") throw badUserInput(refusal.badUserInput.partClosedNoHandOver(current.id), field);
          const handover = await tx.inquiryHandover.create({
            data: {
              id,
              partId,
              fromEmployeeId: current.ownerId,
              toEmployeeId: input.toEmployeeId,
              byEmployeeId: by.id,
              note,
              at: context.now(),
            },
          });
          await tx.inquiryPart.update({ where: { id: partId }, data: { ownerId: input.toEmployeeId, status: "HANDED_OVER" } });
          const inquiry = await tx.inquiry.findUniqueOrThrow({ where: { id: current.inquiryId }, include: WITH_PARTS });
          await notifyHandoverReceiver(tx, handover, current, inquiry, context.now());
          return inquiry;
        },
      });
      return fresh(context, inquiry);
    },

    closeInquiry: async (_, { input }, context) => {
      const closedBy = await actingEmployee(context);
      const { inquiry, part, field } = await requirePart(context, input);
      await requireCloseRight(context, closedBy, part, field);
      const outcome = requireText(input.outcome, "outcome");
      const closedAt = noEarlierThanReceipt(context.now(), inquiry, "outcome");
      const referral = input.referral
        ? {
            referralPartner: requireText(input.referral.partner, "referral.partner", 300),
            referralContact: optionalText(input.referral.contactName, "referral.contactName", 300),
            referralContactEmail: optionalEmail(input.referral.contactEmail, "referral.contactEmail"),
            referralNote: optionalText(input.referral.note, "referral.note"),
          }
        : {};
      // Conditional update: of two concurrent closes exactly one wins; the other is told it is closed.
      // Closing issues the part's survey in the same transaction (closed once, surveyed once), for
      // the unit that closed it.
      const count = await context.db.$transaction(async (tx) => {
        const closed = await tx.inquiryPart.updateMany({
          where: { id: part.id, status: { not: "CLOSED" } },
          data: { status: "CLOSED", closedAt, closedById: closedBy.id, outcome, ...referral },
        });
        if (closed.count === 1) {
          await tx.surveyInvitation.create({
            data: {
              cvr: inquiry.cvr,
              inquiryId: inquiry.id,
              partId: part.id,
              serviceId: part.serviceId,
              unitId: closedBy.unitId,
              issuedAt: closedAt,
            },
          });
        }
        return closed.count;
      });
      if (count === 0) throw badUserInput(refusal.badUserInput.partAlreadyClosed(part.id), field);
      return fresh(context, inquiry);
    },
  },
  Inquiry: {
    company: (inquiry, _, context) => required(context.loaders.company.load(inquiry.cvr), `company ${inquiry.cvr}`),
    parts: (inquiry) => inquiry.parts,
    status: (inquiry) => inquiryStatus(inquiry.parts),
    closedAt: (inquiry) => inquiryClosedAt(inquiry.parts),
    service: (inquiry) => (inquiry.parts[0]?.serviceId ? catalogueService(inquiry.parts[0].serviceId) : null),
    registeredBy: (inquiry, _, context) =>
      required(context.loaders.employee.load(inquiry.registeredById), `employee ${inquiry.registeredById}`),
    assignee: (inquiry, _, context) =>
      required(context.loaders.employee.load(inquiry.parts[0].ownerId), `employee ${inquiry.parts[0].ownerId}`),
    closedBy: (inquiry, _, context) => (inquiry.parts[0]?.closedById ? context.loaders.employee.load(inquiry.parts[0].closedById) : null),
    outcome: (inquiry) => inquiry.parts[0]?.outcome ?? null,
    referral: (inquiry) => referralOf(inquiry.parts[0]),
    handovers: (inquiry, _, context) => context.loaders.handoversByInquiry.load(inquiry.id),
    notes: (inquiry, _, context) => context.loaders.notesByInquiry.load(inquiry.id),
    followUps: (inquiry, _, context) => context.loaders.followUpsByInquiry.load(inquiry.id),
  },
  InquiryPart: {
    inquiry: (part, _, context) => required(context.loaders.inquiry.load(part.inquiryId), `inquiry ${part.inquiryId}`),
    service: (part) => (part.serviceId ? catalogueService(part.serviceId) : null),
    department: (part) => partDepartment(part),
    owner: (part, _, context) => required(context.loaders.employee.load(part.ownerId), `employee ${part.ownerId}`),
    closedBy: (part, _, context) => (part.closedById ? context.loaders.employee.load(part.closedById) : null),
    handovers: (part, _, context) => context.loaders.handoversByPart.load(part.id),
    referral: (part) => referralOf(part),
  },
  InquiryHandover: {
    part: (handover, _, context) => required(context.loaders.inquiryPart.load(handover.partId), `inquiryPart ${handover.partId}`),
    from: (handover, _, context) => required(context.loaders.employee.load(handover.fromEmployeeId), `employee ${handover.fromEmployeeId}`),
    to: (handover, _, context) => required(context.loaders.employee.load(handover.toEmployeeId), `employee ${handover.toEmployeeId}`),
    by: (handover, _, context) => required(context.loaders.employee.load(handover.byEmployeeId), `employee ${handover.byEmployeeId}`),
  },
  Company: {
    inquiries: async (company, args, context) => {
      const inquiries = await context.loaders.inquiriesByCvr.load(company.cvr);
      return args.status ? inquiries.filter((inquiry) => inquiryStatus(inquiry.parts) === args.status) : inquiries;
    },
  },
};
