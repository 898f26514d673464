import type { Department } from "@company-graph/domain";
import type { CrmLoaders } from "../context";
import { gatherCases, type CompanyWithDepartmentData } from "./department-data";
import { caseContactTimes } from "./contact";

type ContactRole = "KEY_ACCOUNT_MANAGER" | "INQUIRY_HANDLER" | "NOTE_AUTHOR" | "FOLLOW_UP_OWNER" | "CASEWORKER";

export interface MunicipalContact {
  employeeId: string;
  name: string;
  unit: string;
  email: string | null;
  roles: ContactRole[];
  departments: Department[];
  latestContactAt: string;
  openFollowUps: number;
  caseCount: number;
}

interface Touch {
  employeeId: string;
  role: ContactRole;
  at: Date | string;
  name?: string;
  unit?: string;
  email?: string;
  department?: Department;
  isCase?: boolean;
}

const latest = (...dates: (string | null | undefined)[]) =>
  dates.filter((date): date is string => Boolean(date)).reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));

/**
 * "Who else has been in contact with the company": everyone in the municipality who dealt with
 * it — its key account manager, whoever handled its inquiries, wrote notes or owns follow-ups,
 * and the caseworkers of its department cases — once each, most recent contact first.
 */
export async function municipalContacts(
  company: CompanyWithDepartmentData,
  loaders: CrmLoaders,
  now: Date,
): Promise<{ contacts: MunicipalContact[]; incompleteDepartments: Department[] }> {
  const { items: cases, incompleteDepartments } = gatherCases(company);
  const [assignments, inquiries, notes, followUps] = await Promise.all([
    loaders.kamAssignmentsByCvr.load(company.cvr),
    loaders.inquiriesByCvr.load(company.cvr),
    loaders.notesByCvr.load(company.cvr),
    loaders.followUpsByCvr.load(company.cvr),
  ]);
  const handovers = (await Promise.all(inquiries.map((inquiry) => loaders.handoversByInquiry.load(inquiry.id)))).flat();

  const touches: Touch[] = [
    ...assignments
      .filter((assignment) => !assignment.until || assignment.until > now)
      .map((assignment) => ({ employeeId: assignment.employeeId, role: "KEY_ACCOUNT_MANAGER" as const, at: assignment.from })),
    ...inquiries.flatMap((inquiry) => [
      { employeeId: inquiry.registeredById, role: "INQUIRY_HANDLER" as const, at: inquiry.receivedAt },
      ...inquiry.parts.map((part) => ({
        employeeId: part.ownerId,
        role: "INQUIRY_HANDLER" as const,
        at: part.closedAt ?? inquiry.receivedAt,
      })),
    ]),
    ...handovers.map((handover) => ({ employeeId: handover.toEmployeeId, role: "INQUIRY_HANDLER" as const, at: handover.at })),
    ...notes.map((note) => ({ employeeId: note.authorId, role: "NOTE_AUTHOR" as const, at: note.occurredAt })),
    ...followUps.map((followUp) => ({
      employeeId: followUp.ownerId,
      role: "FOLLOW_UP_OWNER" as const,
      at: followUp.completedAt ?? followUp.createdAt,
    })),
    ...cases.map((entry) => ({
      employeeId: entry.caseworkerId,
      role: "CASEWORKER" as const,
      // Contact by the one definition (contact.ts): opened, decided, the latest update letter.
      at: latest(...caseContactTimes(entry)),
      name: entry.caseworkerName,
      unit: entry.caseworkerUnit,
      email: entry.caseworkerEmail,
      department: entry.department,
      isCase: true,
    })),
  ];

  const byEmployee = new Map<string, Touch[]>();
  for (const touch of touches) byEmployee.set(touch.employeeId, [...(byEmployee.get(touch.employeeId) ?? []), touch]);

  const contacts = await Promise.all(
    [...byEmployee].map(async ([employeeId, own]): Promise<MunicipalContact> => {
      const employee = await loaders.employee.load(employeeId);
      const unit = employee ? await loaders.unit.load(employee.unitId) : null;
      const fromCase = own.find((touch) => touch.isCase);
      return {
        employeeId,
        name: employee?.name ?? fromCase?.name ?? employeeId,
        unit: unit?.name ?? fromCase?.unit ?? "",
        email: employee?.email ?? fromCase?.email ?? null,
        roles: [...new Set(own.map((touch) => touch.role))],
        departments: [...new Set(own.flatMap((touch) => (touch.department ? [touch.department] : [])))],
        latestContactAt: latest(...own.map((touch) => (touch.at instanceof Date ? touch.at.toISOString() : touch.at))),
        openFollowUps: followUps.filter((followUp) => followUp.ownerId === employeeId && followUp.status === "OPEN").length,
        caseCount: own.filter((touch) => touch.isCase).length,
      };
    }),
  );
  contacts.sort((a, b) => Date.parse(b.latestContactAt) - Date.parse(a.latestContactAt) || a.employeeId.localeCompare(b.employeeId));
  return { contacts, incompleteDepartments };
}
