import type {
  CaseProgress,
  Department,
  EmployeeRole,
  FollowUpStatus,
  InquiryChannel,
  InquiryStatus,
  NotificationKind,
  PackageServiceStatus,
  PackageStatus,
  PermitStatus,
} from "./generated/graphql";

// The schema's enum codes as words (its enum descriptions give the Danish names). A Record per
// enum: a value the schema adds fails the typecheck until it has a word here.
export const DEPARTMENT: Record<Department, string> = {
  BIF: "Beskæftigelses- og Integrationsforvaltningen",
  KFF: "Kultur- og Fritidsforvaltningen",
  OKF: "Økonomiforvaltningen",
  TMF: "Teknik- og Miljøforvaltningen",
};
export const DEPARTMENT_SHORT: Record<Department, string> = {
  BIF: "Beskæftigelse (BIF)",
  KFF: "Kultur og fritid (KFF)",
  OKF: "Økonomi (OKF)",
  TMF: "Teknik og miljø (TMF)",
};
export const CASE_PROGRESS: Record<CaseProgress, string> = {
  OPSTAAET: "Opstået",
  OPLYST: "Oplyst",
  AFGJORT: "Afgjort",
  BESTILT: "Bestilt",
  UDFOERT: "Udført",
  AFSLUTTET: "Afsluttet",
};
export const CASE_PROGRESS_ORDER: CaseProgress[] = ["OPSTAAET", "OPLYST", "AFGJORT", "BESTILT", "UDFOERT", "AFSLUTTET"];
export const PERMIT_STATUS: Record<PermitStatus, string> = { ACTIVE: "Gældende", EXPIRED: "Udløbet", NOT_YET_VALID: "Endnu ikke gældende" };
export const INQUIRY_STATUS: Record<InquiryStatus, string> = { OPEN: "Åben", HANDED_OVER: "Overdraget", CLOSED: "Afsluttet" };
export const INQUIRY_CHANNEL: Record<InquiryChannel, string> = {
  PHONE: "Telefon",
  EMAIL: "E-mail",
  IN_PERSON: "Personligt fremmøde",
  LETTER: "Brev",
  WEB: "Web",
  OUTREACH: "Opsøgende",
};
export const NOTIFICATION_KIND: Record<NotificationKind, string> = {
  CASE_CLOSED: "Sag afsluttet",
  CASE_DECIDED: "Afgørelse",
  CASE_REOPENED: "Sag genoptaget",
  PERMIT_GRANTED: "Tilladelse meddelt",
  PERMIT_RENEWED: "Tilladelse forlænget",
  PERMIT_REVOKED: "Tilladelse tilbagekaldt",
  PERMIT_EXPIRING_IN_30_DAYS: "Tilladelse udløber inden for 30 dage",
  PERMIT_EXPIRING_IN_7_DAYS: "Tilladelse udløber inden for 7 dage",
  PERMIT_EXPIRED: "Tilladelse udløbet",
  CASE_UPDATE_OVERDUE: "Orientering forsinket",
  INQUIRY_PART_HANDED_OVER: "Henvendelse overdraget til dig",
};
export const PACKAGE_STATUS: Record<PackageStatus, string> = { COMPLETE: "Gennemført", IN_PROGRESS: "I gang", NOT_STARTED: "Ikke begyndt" };
export const PACKAGE_SERVICE_STATUS: Record<PackageServiceStatus, string> = {
  DONE: "Færdig",
  IN_PROGRESS: "I gang",
  NOT_STARTED: "Ikke begyndt",
};
export const FOLLOW_UP_STATUS: Record<FollowUpStatus, string> = { OPEN: "Åben", DONE: "Udført" };
export const EMPLOYEE_ROLE: Record<EmployeeRole, string> = {
  ANALYST: "Analytiker",
  CASEWORKER: "Sagsbehandler",
  CONSULTANT: "Konsulent",
  FRONT_OFFICE_AGENT: "Frontmedarbejder",
  JOB_CONSULTANT: "Jobkonsulent",
  KEY_ACCOUNT_MANAGER: "Key account manager",
  MANAGER: "Leder",
};
/** The CVR register's composite status spellings, as words. */
export function registerStatus(status: string | null | undefined): string {
  if (!status) return "Ukendt i CVR";
  const words: Record<string, string> = {
    NORMAL: "Aktiv",
    AKTIV: "Aktiv",
    OPHØRT: "Ophørt",
    UNDERKONKURS: "Under konkurs",
    UNDERFRIVILLIGLIKVIDATION: "Under frivillig likvidation",
    UNDERTVANGSOPLØSNING: "Under tvangsopløsning",
    UNDERREKONSTRUKTION: "Under rekonstruktion",
    OPLØSTEFTERKONKURS: "Opløst efter konkurs",
    TVANGSOPLØST: "Tvangsopløst",
    OPLØSTEFTERFUSION: "Opløst efter fusion",
  };
  return words[status.toUpperCase().replace(/[\s_-]/g, "")] ?? status.charAt(0) + status.slice(1).toLowerCase();
}
export const departmentList = (departments: readonly Department[]): string =>
  new Intl.ListFormat("da-DK", { type: "conjunction" }).format(departments.map((department) => DEPARTMENT[department]));
