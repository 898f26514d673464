import type { CrmContext } from "../context";
import type { TimelineRecords } from "./timeline";

/** Everything the CRM holds about a company for its timeline and contact moments, through the operation's loaders. */
export async function timelineRecords(context: Pick<CrmContext, "loaders">, cvr: string): Promise<TimelineRecords> {
  const { loaders } = context;
  const inquiries = await loaders.inquiriesByCvr.load(cvr);
  const [handovers, notes, followUps, enrolments, keyAccountAssignments, surveyResponses, outreach] = await Promise.all([
    loaders.handoversByInquiry.loadMany(inquiries.map((inquiry) => inquiry.id)),
    loaders.notesByCvr.load(cvr),
    loaders.followUpsByCvr.load(cvr),
    loaders.enrolmentsByCvr.load(cvr),
    loaders.kamAssignmentsByCvr.load(cvr),
    loaders.surveyResponsesByCvr.load(cvr),
    loaders.outreachByCvr.load(cvr),
  ]);
  const handoverLists = handovers.map((result) => {
    if (result instanceof Error) throw result;
    return result;
  });
  return { inquiries, handovers: handoverLists.flat(), notes, followUps, enrolments, keyAccountAssignments, surveyResponses, outreach };
}
