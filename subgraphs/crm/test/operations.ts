/** GraphQL operations the tests (and later the gateway's golden tests) send to the CRM. */

const INQUIRY_FIELDS = `
  id status channel topic needs companyStage receivedAt closedAt outcome
  service { id nameEn }
  registeredBy { id name }
  assignee { id name unit { id name kind } }
  closedBy { id }
  referral { partner contactName contactEmail note }
`;

export const REGISTER_INQUIRY = `mutation Register($input: RegisterInquiryInput!) { registerInquiry(input: $input) { ${INQUIRY_FIELDS} company { cvr name description } } }`;
export const HAND_OVER = `mutation HandOver($input: HandOverInquiryInput!) { handOverInquiry(input: $input) { ${INQUIRY_FIELDS} handovers { from { id } to { id } by { id } note at } } }`;
export const CLOSE_INQUIRY = `mutation Close($input: CloseInquiryInput!) { closeInquiry(input: $input) { ${INQUIRY_FIELDS} } }`;
export const ADD_NOTE = `mutation AddNote($input: AddNoteInput!) { addNote(input: $input) { id summary occurredAt author { id name } inquiry { id } company { cvr } } }`;
export const ADD_FOLLOW_UP = `mutation AddFollowUp($input: AddFollowUpInput!) { addFollowUp(input: $input) { id description deadline status isOverdue owner { id name } createdBy { id } inquiry { id } } }`;
export const COMPLETE_FOLLOW_UP = `mutation Complete($input: CompleteFollowUpInput!) { completeFollowUp(input: $input) { id status completedAt completedBy { id } completionNote isOverdue } }`;
export const ASSIGN_KAM = `mutation AssignKam($input: AssignKeyAccountManagerInput!) { assignKeyAccountManager(input: $input) { id from until isCurrent reason employee { id name role } } }`;
export const ADD_CONTACT = `mutation AddContact($input: AddContactInput!) { addContact(input: $input) { id name role email phone consent consentDate } }`;
export const UPDATE_CONTACT = `mutation UpdateContact($input: UpdateContactInput!) { updateContact(input: $input) { id name role email phone consent consentDate } }`;
export const ENROL = `mutation Enrol($input: EnrolInPackageInput!) { enrolInPackage(input: $input) { id enrolledAt note package { id nameEn } enrolledBy { id } } }`;
export const RECORD_SURVEY = `mutation Survey($input: RecordSurveyResponseInput!) { recordSurveyResponse(input: $input) { id processingSpeed competence fixedContactPerson ongoingUpdates overall comment service { id } inquiry { id } unit { id } } }`;

export const INQUIRY_VIEW = `query Inquiry($id: ID!) {
  inquiry(id: $id) {
    ${INQUIRY_FIELDS}
    company { cvr name description }
    handovers { from { id name } to { id name } by { id } note at }
    notes { summary occurredAt author { id name } }
    followUps { id description deadline status isOverdue owner { id name } }
  }
}`;

export const COMPANY_CRM_VIEW = `query CompanyView($cvr: ID!) {
  company(cvr: $cvr) {
    cvr name companyForm sizeBand employees advertisingProtected segment description lastContactAt
    industry { code text codeSystem }
    address { street postalCode city }
    productionUnits { pNumber name address { street } }
    keyAccountManager { id name email role unit { id name } }
    keyAccountManagerHistory { employee { id } from until isCurrent reason }
    contacts { id name role email consent }
    inquiries { id status topic channel registeredBy { id name unit { id name } } assignee { id name } }
    openInquiries: inquiries(status: OPEN) { id }
    handedOver: inquiries(status: HANDED_OVER) { id }
    closedInquiries: inquiries(status: CLOSED) { id outcome referral { partner contactName note } }
    followUps { id description status deadline isOverdue owner { id name unit { id name } } }
    openFollowUps: followUps(status: OPEN) { id owner { id } }
    overdueFollowUps: followUps(overdue: true) { id owner { id } }
    notes { summary author { id name } }
    packageEnrolments { package { id nameEn } enrolledBy { id } }
    surveyResponses { overall }
  }
}`;
