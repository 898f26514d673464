/** The four departments whose case systems the graph wraps. KES is a unit inside BIF. */
export const DEPARTMENTS = ["BIF", "TMF", "KFF", "OKF"] as const;
export type Department = (typeof DEPARTMENTS)[number];

/** The entity type a department's cases have in the supergraph: BIF → BifCase. */
export function caseTypename(department: Department): `${string}Case` {
  return `${department[0]}${department.slice(1).toLowerCase()}Case`;
}

/** Organisation codes used in the report's service tables; KES cases live in BIF's system. */
export type ReportDepartment = Department | "KES";

export function systemDepartment(reportDepartment: ReportDepartment): Department {
  return reportDepartment === "KES" ? "BIF" : reportDepartment;
}

export const DEPARTMENT_NAMES: Record<Department, { da: string; en: string }> = {
  BIF: { da: "Beskæftigelses- og Integrationsforvaltningen", en: "Employment and Integration Administration" },
  TMF: { da: "Teknik- og Miljøforvaltningen", en: "Technical and Environmental Administration" },
  KFF: { da: "Kultur- og Fritidsforvaltningen", en: "Culture and Leisure Administration" },
  OKF: { da: "Økonomiforvaltningen", en: "Finance Administration" },
};

/** OIO case progress (fremdrift), in the order a case moves through it. */
export const CASE_PROGRESS = ["Opstaaet", "Oplyst", "Afgjort", "Bestilt", "Udfoert", "Afsluttet"] as const;
export type CaseProgress = (typeof CASE_PROGRESS)[number];
