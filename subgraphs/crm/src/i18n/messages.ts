/**
 * The one catalogue of texts the CRM composes for people: timeline summaries, permit kinds and
 * alert texts. Danish is the default; English only when the client asks (see language.ts).
 * Enum values and codes (TimelineEventKind, Permit.kind) never change with the language.
 *
 * Hand-written rather than an i18n library (i18next, FormatJS): a few dozen fixed phrases with
 * one or two placeholders each, where typed functions catch a missing translation at compile time.
 */
import type { QuarantineReason } from "../services/cvr/document-guard";

export type Language = "da" | "en";
export const DEFAULT_LANGUAGE: Language = "da";

type Text = (value: string) => string;

export interface Messages {
  caseOpened: Text;
  caseDecided: Text;
  caseClosed: Text;
  caseUpdateSent: Text;
  /** A case's OIO progress (fremdrift) moved: the title, then the progress code (Oplyst, …). */
  caseProgressed: (title: string, progress: string) => string;
  caseReopened: Text;
  inquiryReceived: Text;
  inquiryHandedOver: Text;
  inquiryClosed: Text;
  /** One part of an inquiry of several: the part (department and service), then the topic. */
  inquiryPartHandedOver: (part: string, topic: string) => string;
  /** One part of an inquiry of several closed: the part, then its outcome. */
  inquiryPartClosed: (part: string, outcome: string) => string;
  note: Text;
  followUpAgreed: Text;
  followUpDone: Text;
  packageEnrolled: Text;
  keyAccountManagerAssigned: string;
  surveyAnswered: (overall: number) => string;
  permitGranted: Text;
  permitExpiring: (kind: string, days: number) => string;
  permitExpired: Text;
  /** The kind, then the new end date (YYYY-MM-DD). */
  permitRenewed: (kind: string, validTo: string) => string;
  permitRevoked: Text;
  alertFollowUpOverdue: Text;
  alertCasePastTarget: (title: string, days: number, target: number) => string;
  alertCaseWithoutUpdate: (title: string, days: number) => string;
  alertPermitExpiring: (kind: string, days: number) => string;
  alertPermitExpired: (kind: string, validTo: string) => string;
  packagePermitExpiring: (kind: string, days: number) => string;
  /** An outbound contact on the timeline: the channel's word, then the purpose. */
  outreach: (channel: OutreachChannelName, purpose: string) => string;
  /** Why recordOutreach refuses a protected company without a basis (extensions.reason ADVERTISING_PROTECTED). */
  outreachAdvertisingProtected: Text;
  /** Why registerInquiry refuses an OUTREACH inquiry on a protected company with no outreach recorded under a basis. */
  outreachInquiryAdvertisingProtected: Text;
  /** A follower's notification of a change (src/notification/): what happened, by which department, when, to what (a case's title, a permit's kind). */
  notification: Record<
    NotificationKindName,
    (change: {
      department: string | null;
      date: string;
      what: string;
      validTo: string | null;
      lastUpdate: string | null;
      promiseDays: number | null;
    }) => string
  >;
  /** What a notification names instead of a confidential case's title, for a reader outside the department's caseworkers. */
  notificationWithheld: string;
  /** The locale a notification's dates are written in (Intl.DateTimeFormat). */
  dateLocale: string;
  /** Permit kinds (the departments' codes, e.g. outdoor-serving) as a person reads them. */
  permitKinds: Record<string, string>;
  /** The municipality's segments (Company.segment: frequent, less-frequent, infrequent) as a person reads them. */
  segments: Record<string, string>;
  /** A register employee band (ANTAL_10_19): its lowest and highest count, the highest null when open-ended. */
  employeeBand: (lowest: number, highest: number | null) => string;
  /** Why the CVR sync set a register document aside (Query.registerQuarantine), by the reason's code. */
  quarantineReasons: Record<QuarantineReason, string>;
}

/** The kinds of Notification (the NotificationKind enum). */
type NotificationKindName =
  | "CASE_DECIDED"
  | "CASE_CLOSED"
  | "CASE_REOPENED"
  | "PERMIT_GRANTED"
  | "PERMIT_RENEWED"
  | "PERMIT_REVOKED"
  | "PERMIT_EXPIRING_IN_30_DAYS"
  | "PERMIT_EXPIRING_IN_7_DAYS"
  | "PERMIT_EXPIRED"
  | "CASE_UPDATE_OVERDUE"
  | "INQUIRY_PART_HANDED_OVER";

/** The channels of Outreach (the OutreachChannel enum). */
type OutreachChannelName = "VISIT" | "PHONE" | "EMAIL" | "LETTER";

const days = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

const da: Messages = {
  caseOpened: (title) => `Sag oprettet: ${title}`,
  caseDecided: (title) => `Afgørelse: ${title}`,
  caseClosed: (title) => `Sag afsluttet: ${title}`,
  caseUpdateSent: (title) => `Orientering sendt: ${title}`,
  caseProgressed: (title, progress) => `Sagen er nu ${progress.toLowerCase().replace("aa", "å").replace("oe", "ø")}: ${title}`,
  caseReopened: (title) => `Sag genoptaget: ${title}`,
  inquiryReceived: (topic) => `Henvendelse: ${topic}`,
  inquiryHandedOver: (topic) => `Henvendelse overdraget: ${topic}`,
  inquiryClosed: (outcome) => `Henvendelse afsluttet: ${outcome}`,
  inquiryPartHandedOver: (part, topic) => `Henvendelse overdraget (${part}): ${topic}`,
  inquiryPartClosed: (part, outcome) => `Del af henvendelse afsluttet (${part}): ${outcome}`,
  note: (summary) => `Notat: ${summary}`,
  followUpAgreed: (description) => `Opfølgning aftalt: ${description}`,
  followUpDone: (description) => `Opfølgning udført: ${description}`,
  packageEnrolled: (name) => `Tilmeldt ${name}`,
  keyAccountManagerAssigned: "Fast kontaktperson tildelt",
  surveyAnswered: (overall) => `Tilfredshedsmåling besvaret: samlet ${overall} af 5`,
  permitGranted: (kind) => `Tilladelse meddelt: ${kind}`,
  permitExpiring: (kind, left) => `Tilladelse udløber om ${days(left, "dag", "dage")}: ${kind}`,
  permitExpired: (kind) => `Tilladelse udløbet: ${kind}`,
  permitRenewed: (kind, validTo) => `Tilladelse forlænget til ${validTo}: ${kind}`,
  permitRevoked: (kind) => `Tilladelse tilbagekaldt: ${kind}`,
  alertFollowUpOverdue: (description) => `Opfølgning over fristen: ${description}`,
  alertCasePastTarget: (title, used, target) => `Sag over servicemålet (${used} af ${target} dage): ${title}`,
  alertCaseWithoutUpdate: (title, silent) => `Ingen orientering i ${days(silent, "dag", "dage")}: ${title}`,
  alertPermitExpiring: (kind, left) => `Tilladelse udløber om ${days(left, "dag", "dage")}: ${kind}`,
  alertPermitExpired: (kind, validTo) => `Tilladelse udløbet ${validTo} og ikke fornyet: ${kind}`,
  packagePermitExpiring: (kind, left) => `En tilladelse i pakken udløber om ${days(left, "dag", "dage")}: ${kind}`,
  outreach: (channel, purpose) =>
    `${{ VISIT: "Besøg", PHONE: "Opkald", EMAIL: "E-mail", LETTER: "Brev" }[channel]} (opsøgende): ${purpose}`,
  outreachAdvertisingProtected: (name) =>
    `${name} er reklamebeskyttet i CVR: opsøgende kontakt kræver et registreret grundlag, enten virksomhedens samtykke (hvornår og hvordan) eller en hjemmel (angiv basis)`,
  outreachInquiryAdvertisingProtected: (name) =>
    `${name} er reklamebeskyttet i CVR: en opsøgende henvendelse kræver, at den opsøgende kontakt først er registreret med virksomhedens samtykke eller en hjemmel (recordOutreach med basis)`,
  notification: {
    CASE_DECIDED: ({ department, date, what }) => `${department} har truffet afgørelse ${date}: ${what}`,
    CASE_CLOSED: ({ department, date, what }) => `${department} har afsluttet sagen ${date}: ${what}`,
    CASE_REOPENED: ({ department, date, what }) => `${department} har genoptaget sagen ${date}: ${what}`,
    PERMIT_GRANTED: ({ department, date, what }) => `${department} har meddelt tilladelse ${date}: ${what}`,
    PERMIT_RENEWED: ({ department, date, what, validTo }) =>
      `${department} har ${date} forlænget tilladelsen til ${validTo ?? "—"}: ${what}`,
    PERMIT_REVOKED: ({ department, date, what }) => `${department} har tilbagekaldt tilladelsen ${date}: ${what}`,
    PERMIT_EXPIRING_IN_30_DAYS: ({ department, what, validTo }) =>
      `Tilladelsen udløber inden for 30 dage, den ${validTo ?? "—"}: ${what} (${department})`,
    PERMIT_EXPIRING_IN_7_DAYS: ({ department, what, validTo }) =>
      `Tilladelsen udløber inden for 7 dage, den ${validTo ?? "—"}: ${what} (${department})`,
    PERMIT_EXPIRED: ({ department, what, validTo }) => `Tilladelsen er udløbet ${validTo ?? "—"} og ikke fornyet: ${what} (${department})`,
    CASE_UPDATE_OVERDUE: ({ department, what, lastUpdate, promiseDays }) =>
      `Orientering forsinket: virksomheden har ikke hørt fra ${department} siden ${lastUpdate ?? "—"}, og løftet er mindst hver ${promiseDays ?? "—"}. dag: ${what}`,
    INQUIRY_PART_HANDED_OVER: ({ department, date, what }) =>
      `En henvendelse er overdraget til dig ${date}${department ? ` (${department})` : ""}: ${what}`,
  },
  notificationWithheld: "en fortrolig sag (kun forvaltningens sagsbehandlere ser detaljerne)",
  dateLocale: "da-DK",
  permitKinds: {
    building: "byggetilladelse",
    occupancy: "ibrugtagningstilladelse",
    "environmental-approval": "miljøgodkendelse",
    excavation: "gravetilladelse",
    scaffolding: "stilladstilladelse",
    container: "containertilladelse",
    "outdoor-serving": "udeservering",
    "alcohol-licence": "alkoholbevilling",
    event: "arrangement",
    filming: "filmoptagelse",
    "street-vending": "gadesalg",
    "stall-pitch": "standplads",
    "signs-banners": "skilte og bannere",
    "shopfront-display": "vareudstilling",
    "parking-licence": "parkeringslicens",
    "parking-period-card": "periodekort til parkering",
    "soil-recycling": "genanvendelse af jord",
    "waste-recycling": "genanvendelse af affald",
    "contaminated-land": "forurenet jord",
    drilling: "boring",
    wastewater: "spildevand",
    discharge: "udledning",
    watercourse: "vandløb",
    groundwater: "grundvand",
    "heat-supply": "varmeforsyning",
    "noise-dust-dispensation": "dispensation for støj og støv",
    "waste-fee-exemption": "fritagelse for affaldsgebyr",
    "substance-burial": "nedgravning af stoffer",
  },
  segments: { frequent: "hyppig kunde", "less-frequent": "mindre hyppig kunde", infrequent: "sjælden kunde" },
  employeeBand: (lowest, highest) =>
    highest === null
      ? `${lowest} ansatte eller flere`
      : lowest === highest
        ? `${lowest} ${lowest === 1 ? "ansat" : "ansatte"}`
        : `${lowest}–${highest} ansatte`,
  quarantineReasons: {
    "too-large": "Dokumentet er større, end CRM tager imod (256 KB)",
    "too-deep": "Dokumentets objekter og lister er indlejret mere end 32 niveauer",
    "text-too-long": "En tekst i dokumentet er længere end 500 tegn",
    "control-characters": "En tekst i dokumentet indeholder et styretegn (fx NUL) eller et halvt surrogatpar",
    malformed:
      "Dokumentet følger ikke registerets kontrakt: et felt, CRM læser, mangler eller har forkert type, eller tidsstemplet mangler",
    "invalid-cvr": "CVR-nummeret består ikke modulus 11-kontrollen",
    "invalid-p-number": "P-nummeret er ikke ti cifre",
    "missing-name": "Dokumentet har intet navn",
    "future-stamp": "Et tidsstempel ligger mere end fem minutter ude i fremtiden",
  },
};

const en: Messages = {
  caseOpened: (title) => `Case opened: ${title}`,
  caseDecided: (title) => `Decision: ${title}`,
  caseClosed: (title) => `Case closed: ${title}`,
  caseUpdateSent: (title) => `Update sent: ${title}`,
  caseProgressed: (title, progress) => `Case progress now ${progress}: ${title}`,
  caseReopened: (title) => `Case reopened: ${title}`,
  inquiryReceived: (topic) => `Inquiry: ${topic}`,
  inquiryHandedOver: (topic) => `Inquiry handed over: ${topic}`,
  inquiryClosed: (outcome) => `Inquiry closed: ${outcome}`,
  inquiryPartHandedOver: (part, topic) => `Inquiry handed over (${part}): ${topic}`,
  inquiryPartClosed: (part, outcome) => `Part of inquiry closed (${part}): ${outcome}`,
  note: (summary) => `Note: ${summary}`,
  followUpAgreed: (description) => `Follow-up agreed: ${description}`,
  followUpDone: (description) => `Follow-up done: ${description}`,
  packageEnrolled: (name) => `Enrolled in ${name}`,
  keyAccountManagerAssigned: "Key account manager assigned",
  surveyAnswered: (overall) => `Survey answered: overall ${overall} of 5`,
  permitGranted: (kind) => `Permit granted: ${kind}`,
  permitExpiring: (kind, left) => `Permit expires in ${days(left, "day", "days")}: ${kind}`,
  permitExpired: (kind) => `Permit expired: ${kind}`,
  permitRenewed: (kind, validTo) => `Permit renewed until ${validTo}: ${kind}`,
  permitRevoked: (kind) => `Permit revoked: ${kind}`,
  alertFollowUpOverdue: (description) => `Follow-up past its deadline: ${description}`,
  alertCasePastTarget: (title, used, target) => `Case past its target (${used} of ${target} days): ${title}`,
  alertCaseWithoutUpdate: (title, silent) => `No update for ${days(silent, "day", "days")}: ${title}`,
  alertPermitExpiring: (kind, left) => `Permit expires in ${days(left, "day", "days")}: ${kind}`,
  alertPermitExpired: (kind, validTo) => `Permit expired ${validTo} and not renewed: ${kind}`,
  packagePermitExpiring: (kind, left) => `A permit of the package expires in ${days(left, "day", "days")}: ${kind}`,
  outreach: (channel, purpose) => `${{ VISIT: "Visit", PHONE: "Call", EMAIL: "E-mail", LETTER: "Letter" }[channel]} (outreach): ${purpose}`,
  outreachAdvertisingProtected: (name) =>
    `${name} is advertising-protected in the CVR register: outreach needs a recorded basis, the company's consent (when and how) or a legal basis (give basis)`,
  outreachInquiryAdvertisingProtected: (name) =>
    `${name} is advertising-protected in the CVR register: an outreach inquiry needs the outreach recorded first under the company's consent or a legal basis (recordOutreach with basis)`,
  notification: {
    CASE_DECIDED: ({ department, date, what }) => `${department} made a decision on ${date}: ${what}`,
    CASE_CLOSED: ({ department, date, what }) => `${department} closed the case on ${date}: ${what}`,
    CASE_REOPENED: ({ department, date, what }) => `${department} reopened the case on ${date}: ${what}`,
    PERMIT_GRANTED: ({ department, date, what }) => `${department} granted a permit on ${date}: ${what}`,
    PERMIT_RENEWED: ({ department, date, what, validTo }) => `${department} renewed the permit on ${date} until ${validTo ?? "—"}: ${what}`,
    PERMIT_REVOKED: ({ department, date, what }) => `${department} revoked the permit on ${date}: ${what}`,
    PERMIT_EXPIRING_IN_30_DAYS: ({ department, what, validTo }) =>
      `The permit expires within 30 days, on ${validTo ?? "—"}: ${what} (${department})`,
    PERMIT_EXPIRING_IN_7_DAYS: ({ department, what, validTo }) =>
      `The permit expires within 7 days, on ${validTo ?? "—"}: ${what} (${department})`,
    PERMIT_EXPIRED: ({ department, what, validTo }) => `The permit expired ${validTo ?? "—"} and was not renewed: ${what} (${department})`,
    CASE_UPDATE_OVERDUE: ({ department, what, lastUpdate, promiseDays }) =>
      `Update overdue: the company has not heard from ${department} since ${lastUpdate ?? "—"}, and the promise is at least every ${promiseDays ?? "—"} days: ${what}`,
    INQUIRY_PART_HANDED_OVER: ({ department, date, what }) =>
      `An inquiry was handed over to you on ${date}${department ? ` (${department})` : ""}: ${what}`,
  },
  notificationWithheld: "a confidential case (only the department's caseworkers see its details)",
  dateLocale: "en-GB",
  permitKinds: {},
  segments: { frequent: "frequent customer", "less-frequent": "less frequent customer", infrequent: "infrequent customer" },
  employeeBand: (lowest, highest) =>
    highest === null
      ? `${lowest} employees or more`
      : lowest === highest
        ? `${lowest} ${lowest === 1 ? "employee" : "employees"}`
        : `${lowest}–${highest} employees`,
  quarantineReasons: {
    "too-large": "The document is larger than the CRM takes (256 KB)",
    "too-deep": "The document's objects and arrays nest deeper than 32 levels",
    "text-too-long": "A text of the document is longer than 500 characters",
    "control-characters": "A text of the document holds a control character (such as NUL) or half a surrogate pair",
    malformed: "The document breaks the register's contract: a field the CRM reads is missing or of the wrong kind, or it has no stamp",
    "invalid-cvr": "The CVR number fails the modulus-11 check",
    "invalid-p-number": "The P-number is not ten digits",
    "missing-name": "The document has no name",
    "future-stamp": "A stamp lies more than five minutes in the future",
  },
};

const CATALOGUE: Record<Language, Messages> = { da, en };

export const messagesFor = (language: Language): Messages => CATALOGUE[language];

/** A permit kind code as a person reads it; English keeps the code's words ("outdoor serving"). */
export function permitKindText(kind: string, language: Language): string {
  return CATALOGUE[language].permitKinds[kind] ?? kind.replaceAll("-", " ");
}

/** A segment code as a person reads it; a code the catalogue does not know is shown as it is. */
export function segmentText(segment: string | null, language: Language): string | null {
  return segment === null ? null : (CATALOGUE[language].segments[segment] ?? segment);
}

/** The register's employee band codes: ANTAL_<lowest>_<highest>, the highest left out when open-ended (ANTAL_1000_). */
const EMPLOYEE_BAND = /^ANTAL_(\d+)_(\d*)$/;

/** A register employee band (ANTAL_10_19) as a person reads it ("10–19 ansatte"); another code is shown as it is. */
export function employeeBandText(band: string | null, language: Language): string | null {
  if (band === null) return null;
  const match = EMPLOYEE_BAND.exec(band);
  return match ? CATALOGUE[language].employeeBand(Number(match[1]), match[2] === "" ? null : Number(match[2])) : band;
}
