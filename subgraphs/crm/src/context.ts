import type DataLoader from "dataloader";
import type { Language } from "./i18n/messages";
import type { CvrQuarantine } from "./services/cvr/quarantine";
import type { WebhookSettings } from "./webhook/resolvers";
import { groupedLoader, keyedLoader, type OperationCache } from "@company-graph/kit/operation";
import type {
  Company,
  ContactPerson,
  Employee,
  FollowUp,
  InquiryHandover,
  InquiryPart,
  KeyAccountAssignment,
  MunicipalUnit,
  Note,
  Outreach,
  PackageEnrolment,
  PrismaClient,
  ProductionUnit,
  SurveyInvitation,
  SurveyResponse,
} from "./generated/prisma/client.js";
import { WITH_PARTS, type InquiryWithParts } from "./inquiry/parts";

/** A handover with the inquiry its part belongs to. */
export type HandoverOfInquiry = InquiryHandover & { part: { inquiryId: string } };

/** Called once per DataLoader batch with the loader's name and how many keys it fetched. */
export type BatchObserver = (loader: string, keys: number) => void;

export interface CrmLoaders {
  company: DataLoader<string, Company | null>;
  productionUnitsByCvr: DataLoader<string, ProductionUnit[]>;
  employee: DataLoader<string, Employee | null>;
  unit: DataLoader<string, MunicipalUnit | null>;
  employeesByUnit: DataLoader<string, Employee[]>;
  kamAssignmentsByCvr: DataLoader<string, KeyAccountAssignment[]>;
  contactsByCvr: DataLoader<string, ContactPerson[]>;
  inquiry: DataLoader<string, InquiryWithParts | null>;
  inquiriesByCvr: DataLoader<string, InquiryWithParts[]>;
  inquiryPart: DataLoader<string, InquiryPart | null>;
  handoversByInquiry: DataLoader<string, HandoverOfInquiry[]>;
  handoversByPart: DataLoader<string, InquiryHandover[]>;
  notesByCvr: DataLoader<string, Note[]>;
  notesByInquiry: DataLoader<string, Note[]>;
  followUpsByCvr: DataLoader<string, FollowUp[]>;
  followUpsByInquiry: DataLoader<string, FollowUp[]>;
  enrolmentsByCvr: DataLoader<string, PackageEnrolment[]>;
  surveyResponsesByCvr: DataLoader<string, SurveyResponse[]>;
  surveyInvitationsByCvr: DataLoader<string, SurveyInvitation[]>;
  outreachByCvr: DataLoader<string, Outreach[]>;
}

export interface CrmContext {
  db: PrismaClient;
  loaders: CrmLoaders;
  now: () => Date;
  /** The language of composed texts (Accept-Language); Danish when absent. */
  language?: Language;
  /** How many companies one employee may choose to follow (MAX_FOLLOWED_COMPANIES); the default when absent. */
  maxFollowedCompanies?: number;
  /** The register documents this process's CVR sync set aside; absent where the CRM syncs no register. */
  registerQuarantine?: CvrQuarantine;
  /** Where partners' webhooks may point; https to public addresses when absent. */
  webhooks?: WebhookSettings;
}

/**
 * Each property made on first use and kept: a request (or an operation's scope, kept for a few
 * seconds) builds only the loaders its fields touch — `company(cvr) { name }` builds one of 19.
 */
function lazily<T extends object>(factories: { [K in keyof T]: () => T[K] }): T {
  const made: Partial<T> = {};
  const record = {} as T;
  for (const key of Object.keys(factories) as (keyof T)[]) {
    Object.defineProperty(record, key, { enumerable: true, get: () => (made[key] ??= factories[key]()) });
  }
  return record;
}

/**
 * One set of loaders per request: every list a company or inquiry field needs is fetched with
 * one query per batch (`IN (...)`), already in the order the field returns it. With `shared`
 * (the operation's cache in Redis, when the CRM runs as replicas) what an earlier fetch of the
 * operation read is taken from there, whichever replica read it.
 */
export function createLoaders(db: PrismaClient, observe?: BatchObserver, shared?: OperationCache): CrmLoaders {
  const counted =
    <T>(name: string, fetch: (keys: string[]) => Promise<T[]>) =>
    (keys: readonly string[]) => {
      observe?.(name, keys.length);
      return fetch([...keys]);
    };
  return lazily<CrmLoaders>({
    company: () =>
      keyedLoader(
        counted("company", (cvrs) => db.company.findMany({ where: { cvr: { in: cvrs } } })),
        (c) => c.cvr,
        { name: "crm.company", shared },
      ),
    productionUnitsByCvr: () =>
      groupedLoader(
        counted("productionUnitsByCvr", (cvrs) =>
          db.productionUnit.findMany({ where: { cvr: { in: cvrs } }, orderBy: { pNumber: "asc" } }),
        ),
        (p) => p.cvr,
        { name: "crm.productionUnitsByCvr", shared },
      ),
    employee: () =>
      keyedLoader(
        counted("employee", (ids) => db.employee.findMany({ where: { id: { in: ids } } })),
        (e) => e.id,
        { name: "crm.employee", shared },
      ),
    unit: () =>
      keyedLoader(
        counted("unit", (ids) => db.municipalUnit.findMany({ where: { id: { in: ids } } })),
        (u) => u.id,
        { name: "crm.unit", shared },
      ),
    employeesByUnit: () =>
      groupedLoader(
        counted("employeesByUnit", (ids) =>
          db.employee.findMany({ where: { unitId: { in: ids } }, orderBy: [{ name: "asc" }, { id: "asc" }] }),
        ),
        (e) => e.unitId,
        { name: "crm.employeesByUnit", shared },
      ),
    kamAssignmentsByCvr: () =>
      groupedLoader(
        counted("kamAssignmentsByCvr", (cvrs) =>
          db.keyAccountAssignment.findMany({ where: { cvr: { in: cvrs } }, orderBy: [{ from: "desc" }, { id: "asc" }] }),
        ),
        (a) => a.cvr,
        { name: "crm.kamAssignmentsByCvr", shared },
      ),
    contactsByCvr: () =>
      groupedLoader(
        counted("contactsByCvr", (cvrs) =>
          db.contactPerson.findMany({ where: { cvr: { in: cvrs } }, orderBy: [{ name: "asc" }, { id: "asc" }] }),
        ),
        (c) => c.cvr,
        { name: "crm.contactsByCvr", shared },
      ),
    inquiry: () =>
      keyedLoader(
        counted("inquiry", (ids) => db.inquiry.findMany({ where: { id: { in: ids } }, include: WITH_PARTS })),
        (i) => i.id,
        { name: "crm.inquiry", shared },
      ),
    inquiriesByCvr: () =>
      groupedLoader(
        counted("inquiriesByCvr", (cvrs) =>
          db.inquiry.findMany({ where: { cvr: { in: cvrs } }, include: WITH_PARTS, orderBy: [{ receivedAt: "desc" }, { id: "asc" }] }),
        ),
        (i) => i.cvr,
        { name: "crm.inquiriesByCvr", shared },
      ),
    inquiryPart: () =>
      keyedLoader(
        counted("inquiryPart", (ids) => db.inquiryPart.findMany({ where: { id: { in: ids } } })),
        (p) => p.id,
        { name: "crm.inquiryPart", shared },
      ),
    handoversByInquiry: () =>
      groupedLoader(
        counted("handoversByInquiry", (ids) =>
          db.inquiryHandover.findMany({
            where: { part: { inquiryId: { in: ids } } },
            include: { part: { select: { inquiryId: true } } },
            orderBy: [{ at: "asc" }, { id: "asc" }],
          }),
        ),
        (h) => h.part.inquiryId,
        { name: "crm.handoversByInquiry", shared },
      ),
    handoversByPart: () =>
      groupedLoader(
        counted("handoversByPart", (ids) =>
          db.inquiryHandover.findMany({ where: { partId: { in: ids } }, orderBy: [{ at: "asc" }, { id: "asc" }] }),
        ),
        (h) => h.partId,
        { name: "crm.handoversByPart", shared },
      ),
    notesByCvr: () =>
      groupedLoader(
        counted("notesByCvr", (cvrs) =>
          db.note.findMany({ where: { cvr: { in: cvrs } }, orderBy: [{ occurredAt: "desc" }, { createdAt: "desc" }, { id: "asc" }] }),
        ),
        (n) => n.cvr,
        { name: "crm.notesByCvr", shared },
      ),
    notesByInquiry: () =>
      groupedLoader(
        counted("notesByInquiry", (ids) =>
          db.note.findMany({ where: { inquiryId: { in: ids } }, orderBy: [{ occurredAt: "asc" }, { createdAt: "asc" }, { id: "asc" }] }),
        ),
        (n) => n.inquiryId ?? "",
        { name: "crm.notesByInquiry", shared },
      ),
    followUpsByCvr: () =>
      groupedLoader(
        counted("followUpsByCvr", (cvrs) =>
          db.followUp.findMany({ where: { cvr: { in: cvrs } }, orderBy: [{ deadline: "asc" }, { id: "asc" }] }),
        ),
        (f) => f.cvr,
        { name: "crm.followUpsByCvr", shared },
      ),
    followUpsByInquiry: () =>
      groupedLoader(
        counted("followUpsByInquiry", (ids) =>
          db.followUp.findMany({ where: { inquiryId: { in: ids } }, orderBy: [{ deadline: "asc" }, { id: "asc" }] }),
        ),
        (f) => f.inquiryId ?? "",
        { name: "crm.followUpsByInquiry", shared },
      ),
    enrolmentsByCvr: () =>
      groupedLoader(
        counted("enrolmentsByCvr", (cvrs) =>
          db.packageEnrolment.findMany({ where: { cvr: { in: cvrs } }, orderBy: [{ enrolledAt: "asc" }, { id: "asc" }] }),
        ),
        (e) => e.cvr,
        { name: "crm.enrolmentsByCvr", shared },
      ),
    surveyResponsesByCvr: () =>
      groupedLoader(
        counted("surveyResponsesByCvr", (cvrs) =>
          db.surveyResponse.findMany({ where: { cvr: { in: cvrs } }, orderBy: [{ respondedAt: "desc" }, { id: "asc" }] }),
        ),
        (s) => s.cvr,
        { name: "crm.surveyResponsesByCvr", shared },
      ),
    surveyInvitationsByCvr: () =>
      groupedLoader(
        counted("surveyInvitationsByCvr", (cvrs) =>
          db.surveyInvitation.findMany({ where: { cvr: { in: cvrs } }, orderBy: [{ issuedAt: "desc" }, { id: "asc" }] }),
        ),
        (s) => s.cvr,
        { name: "crm.surveyInvitationsByCvr", shared },
      ),
    outreachByCvr: () =>
      groupedLoader(
        counted("outreachByCvr", (cvrs) =>
          db.outreach.findMany({ where: { cvr: { in: cvrs } }, orderBy: [{ recordedAt: "desc" }, { id: "asc" }] }),
        ),
        (o) => o.cvr,
        { name: "crm.outreachByCvr", shared },
      ),
  });
}
