import { caseCvrOf, personalData, type PolicyTable } from "@company-graph/kit";

const WHY = "Sygedagpengeloven §68 a / aktivloven: the employer has no right to the employee's identity or health information";

/** The employee a refund or flex-job case is about, in the company whose case it is. */
const employeeSubject = (details: { employee?: { cpr?: string } }) => ({ cvr: caseCvrOf(details), cpr: details.employee?.cpr });

/** BIF's need-to-know rules; rendered in docs/access-control-policy.md. */
export const policy: PolicyTable = {
  "SickPayRefund.employee": personalData("EMPLOYEE_IDENTITY", "BIF", WHY, employeeSubject),
  "SickPayRefund.healthNote": personalData("EMPLOYEE_HEALTH", "BIF", WHY, employeeSubject),
  "FlexJob.employee": personalData("EMPLOYEE_IDENTITY", "BIF", WHY, employeeSubject),
  "FlexJob.workCapacityNote": personalData("EMPLOYEE_HEALTH", "BIF", WHY, employeeSubject),
};
