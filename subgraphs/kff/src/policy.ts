import { caseCvrOf, personalData, type PolicyTable } from "@company-graph/kit";

const WHY = "alcohol-licence vetting with the police (straffeloven §78, public debt): confidential under forvaltningsloven §27";

/** The manager an alcohol-licence case names, in the company that applied. */
const managerSubject = (details: { manager?: { cpr?: string } }) => ({ cvr: caseCvrOf(details), cpr: details.manager?.cpr });

/** KFF's need-to-know rules; rendered in docs/access-control-policy.md. */
export const policy: PolicyTable = {
  "AlcoholLicenceCase.manager": personalData("LICENCE_APPLICANT_IDENTITY", "KFF", WHY, managerSubject),
  "AlcoholLicenceCase.vetting": personalData("POLICE_VETTING", "KFF", WHY, managerSubject),
};
