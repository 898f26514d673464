import type { Department } from "@company-graph/domain";
import { personalData, type PolicyTable } from "../auth/policy";

// The company a case's details belong to: the data subject of personal-data reads in them.
export const CASE_CVR = Symbol("case cvr");

/** The CVR of the company whose case holds these details (for access-log subjects in a policy table). */
export function caseCvrOf(details: object): string | undefined {
  return (details as { [CASE_CVR]?: string })[CASE_CVR];
}

const BIF_WHY = "Sygedagpengeloven §68 a / aktivloven: the employer has no right to the employee's identity or health information";
const KFF_WHY = "alcohol-licence vetting with the police (straffeloven §78, public debt): confidential under forvaltningsloven §27";

/** The employee a refund or flex-job case is about, in the company whose case it is. */
const employeeSubject = (details: { employee?: { cpr?: string } }) => ({ cvr: caseCvrOf(details), cpr: details.employee?.cpr });
/** The manager an alcohol-licence case names, in the company that applied. */
const managerSubject = (details: { manager?: { cpr?: string } }) => ({ cvr: caseCvrOf(details), cpr: details.manager?.cpr });

/**
 * Every department's need-to-know rules, declared once: the department's subgraph enforces its
 * own table, and the CRM's access log accepts from each department only the fields of that
 * department's table — so the CRM reads them here instead of importing a department's subgraph.
 * TMF and OKF hold no personal data. Rendered in docs/access-control-policy.md.
 */
export const DEPARTMENT_POLICIES: Readonly<Record<Department, PolicyTable>> = {
  BIF: {
    "SickPayRefund.employee": personalData("EMPLOYEE_IDENTITY", "BIF", BIF_WHY, employeeSubject),
    "SickPayRefund.healthNote": personalData("EMPLOYEE_HEALTH", "BIF", BIF_WHY, employeeSubject),
    "FlexJob.employee": personalData("EMPLOYEE_IDENTITY", "BIF", BIF_WHY, employeeSubject),
    "FlexJob.workCapacityNote": personalData("EMPLOYEE_HEALTH", "BIF", BIF_WHY, employeeSubject),
  },
  TMF: {},
  KFF: {
    "AlcoholLicenceCase.manager": personalData("LICENCE_APPLICANT_IDENTITY", "KFF", KFF_WHY, managerSubject),
    "AlcoholLicenceCase.vetting": personalData("POLICE_VETTING", "KFF", KFF_WHY, managerSubject),
  },
  OKF: {},
};
