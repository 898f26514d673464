import { accessOf, badUserInput, catalogueService, forbidden, requireValidCvr } from "@company-graph/kit";
import type { CompanyStage, Inquiry, InquiryChannel, InquiryHandover } from "../generated/prisma/client.js";
import type { CrmContext } from "../context";
import { actingEmployee, ASSIGNING_ROLES, employeeActedFor } from "../actor";
import { idempotentCreate } from "../idempotency";
import { noEarlierThanReceipt, optionalEmail, optionalServiceId, optionalText, pastOrNow, requireEmployee, requireInquiry, requireText } from "../validation";
import { forgetCompany } from "./forget";

export interface RegisterInquiryInput {
  idempotencyKey: string;
  cvr: string;
  companyName?: string | null;
  companyDescription?: string | null;
  channel: InquiryChannel;
  topic: string;
  serviceId?: string | null;
  needs?: string | null;
  companyStage?: CompanyStage | null;
  assigneeId?: string | null;
  receivedAt?: string | null;
}

export interface HandOverInquiryInput {
  idempotencyKey: string;
  inquiryId: string;
  toEmployeeId: string;
  note?: string | null;
}

export interface CloseInquiryInput {
  inquiryId: string;
  outcome: string;
  referral?: { partner: string; contactName?: string | null; contactEmail?: string | null; note?: string | null } | null;
}

/** The inquiry's owner hands it on; the front office and key account managers may hand over anyone's. */
async function requireHandoverRight(context: CrmContext, byId: string, assigneeId: string): Promise<void> {
  if (byId === assigneeId) return;
  const role = accessOf(context)?.identity.role;
  if (!role || !ASSIGNING_ROLES.includes(role)) throw forbidden(`Kun henvendelsens ejer, frontfunktionen og key account managers må overdrage den / only the inquiry's owner, ${ASSIGNING_ROLES.join(" and ")} may hand it over`, "inquiryId");
}

const loadInquiry = (context: CrmContext) => (id: string) => context.db.inquiry.findUnique({ where: { id } });

export const inquiryResolvers = {
  Query: {
    inquiry: (_: unknown, args: { id: string }, context: CrmContext) => context.loaders.inquiry.load(args.id),
  },
  Mutation: {
    registerInquiry: async (_: unknown, { input }: { input: RegisterInquiryInput }, context: CrmContext) => {
      // The registrar is the caller; the first assignee is who the inquiry is about (the caller by default).
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
          if (!company && !companyName) throw badUserInput(`The CRM has no company with CVR number ${input.cvr}; give companyName to register it`, "companyName");
          const assigneeId = (await employeeActedFor(context, registeredBy, input.assigneeId, "assigneeId")).id;
          return {
            companyName,
            companyDescription: optionalText(input.companyDescription, "companyDescription"),
            topic: requireText(input.topic, "topic", 300),
            serviceId: optionalServiceId(input.serviceId),
            needs: optionalText(input.needs, "needs"),
            receivedAt: pastOrNow(input.receivedAt, "receivedAt", context.now()),
            assigneeId,
          };
        },
        create: async (tx, id, prepared) => {
          // Registers the company when it is new: INSERT ... ON CONFLICT DO NOTHING, so concurrent
          // first inquiries of one company do not collide.
          await tx.company.createMany({ data: [{ cvr: input.cvr, name: prepared.companyName ?? input.cvr }], skipDuplicates: true });
          if (prepared.companyDescription) await tx.company.update({ where: { cvr: input.cvr }, data: { description: prepared.companyDescription } });
          return tx.inquiry.create({
            data: {
              id,
              cvr: input.cvr,
              channel: input.channel,
              topic: prepared.topic,
              serviceId: prepared.serviceId,
              needs: prepared.needs,
              companyStage: input.companyStage ?? null,
              registeredById: registeredBy.id,
              assigneeId: prepared.assigneeId,
              receivedAt: prepared.receivedAt,
            },
          });
        },
      });
      forgetCompany(context, inquiry.cvr, inquiry.id);
      return inquiry;
    },

    handOverInquiry: async (_: unknown, { input }: { input: HandOverInquiryInput }, context: CrmContext) => {
      // Who hands over is the caller. The receiver is who the act is about: the inquiry's owner
      // may pass it on; only the front office and key account managers may move someone else's.
      const by = await actingEmployee(context);
      const inquiry = await idempotentCreate(context.db, {
        operation: "handOverInquiry",
        userId: by.id,
        input: { ...input },
        load: loadInquiry(context),
        prepare: async () => {
          const current = await requireInquiry(context, input.inquiryId);
          await requireHandoverRight(context, by.id, current.assigneeId);
          await requireEmployee(context, input.toEmployeeId, "toEmployeeId");
          if (current.status === "CLOSED") throw badUserInput(`Inquiry "${current.id}" is closed and cannot be handed over`, "inquiryId");
          if (current.assigneeId === input.toEmployeeId) throw badUserInput(`Inquiry "${current.id}" is already with employee "${input.toEmployeeId}"`, "toEmployeeId");
          return { note: optionalText(input.note, "note") };
        },
        create: async (tx, id, { note }) => {
          // Read the owner inside the transaction: the chain stays right when handovers race.
          const current = await tx.inquiry.findUniqueOrThrow({ where: { id: input.inquiryId } });
          if (current.status === "CLOSED") throw badUserInput(`Inquiry "${current.id}" is closed and cannot be handed over`, "inquiryId");
          await tx.inquiryHandover.create({
            data: { id, inquiryId: current.id, fromEmployeeId: current.assigneeId, toEmployeeId: input.toEmployeeId, byEmployeeId: by.id, note, at: context.now() },
          });
          return tx.inquiry.update({ where: { id: current.id }, data: { assigneeId: input.toEmployeeId, status: "HANDED_OVER" } });
        },
      });
      forgetCompany(context, inquiry.cvr, inquiry.id);
      return inquiry;
    },

    closeInquiry: async (_: unknown, { input }: { input: CloseInquiryInput }, context: CrmContext) => {
      const closedBy = await actingEmployee(context);
      const inquiry = await requireInquiry(context, input.inquiryId);
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
      // Closing issues the company's survey in the same transaction: closed once, surveyed once.
      const count = await context.db.$transaction(async (tx) => {
        const closed = await tx.inquiry.updateMany({
          where: { id: inquiry.id, status: { not: "CLOSED" } },
          data: { status: "CLOSED", closedAt, closedById: closedBy.id, outcome, ...referral },
        });
        if (closed.count === 1) await tx.surveyInvitation.create({ data: { cvr: inquiry.cvr, inquiryId: inquiry.id, serviceId: inquiry.serviceId, issuedAt: closedAt } });
        return closed.count;
      });
      if (count === 0) throw badUserInput(`Inquiry "${inquiry.id}" is already closed`, "inquiryId");
      forgetCompany(context, inquiry.cvr, inquiry.id);
      return context.db.inquiry.findUniqueOrThrow({ where: { id: inquiry.id } });
    },
  },
  Inquiry: {
    company: (inquiry: Inquiry, _: unknown, context: CrmContext) => context.loaders.company.load(inquiry.cvr),
    service: (inquiry: Inquiry) => (inquiry.serviceId ? catalogueService(inquiry.serviceId) : null),
    registeredBy: (inquiry: Inquiry, _: unknown, context: CrmContext) => context.loaders.employee.load(inquiry.registeredById),
    assignee: (inquiry: Inquiry, _: unknown, context: CrmContext) => context.loaders.employee.load(inquiry.assigneeId),
    closedBy: (inquiry: Inquiry, _: unknown, context: CrmContext) => (inquiry.closedById ? context.loaders.employee.load(inquiry.closedById) : null),
    handovers: (inquiry: Inquiry, _: unknown, context: CrmContext) => context.loaders.handoversByInquiry.load(inquiry.id),
    notes: (inquiry: Inquiry, _: unknown, context: CrmContext) => context.loaders.notesByInquiry.load(inquiry.id),
    followUps: (inquiry: Inquiry, _: unknown, context: CrmContext) => context.loaders.followUpsByInquiry.load(inquiry.id),
    referral: (inquiry: Inquiry) =>
      inquiry.referralPartner
        ? { partner: inquiry.referralPartner, contactName: inquiry.referralContact, contactEmail: inquiry.referralContactEmail, note: inquiry.referralNote }
        : null,
  },
  InquiryHandover: {
    from: (handover: InquiryHandover, _: unknown, context: CrmContext) => context.loaders.employee.load(handover.fromEmployeeId),
    to: (handover: InquiryHandover, _: unknown, context: CrmContext) => context.loaders.employee.load(handover.toEmployeeId),
    by: (handover: InquiryHandover, _: unknown, context: CrmContext) => context.loaders.employee.load(handover.byEmployeeId),
  },
  Company: {
    inquiries: async (company: { cvr: string }, args: { status?: Inquiry["status"] | null }, context: CrmContext) => {
      const inquiries = await context.loaders.inquiriesByCvr.load(company.cvr);
      return args.status ? inquiries.filter((inquiry) => inquiry.status === args.status) : inquiries;
    },
  },
};
