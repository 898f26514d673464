import { mergeResolvers, sharedTypeResolvers } from "@company-graph/kit/schema";
import type { Resolvers } from "../generated/graphql";
import { accessLogResolvers } from "./access-log";
import { companyResolvers } from "./company";
import { companyViewResolvers } from "./company-view";
import { contactResolvers } from "./contacts";
import { employeeResolvers } from "./employees";
import { followUpResolvers } from "./follow-ups";
import { inquiryResolvers } from "./inquiries";
import { noteResolvers } from "./notes";
import { outreachResolvers } from "./outreach";
import { packageResolvers } from "./packages";
import { peopleResolvers } from "./people";
import { registerResolvers } from "./register";
import { serviceLevelResolvers } from "./service-levels";
import { surveyResolvers } from "./surveys";
import { surveyInvitationResolvers } from "./survey-invitations";

/** Every resolver module of the CRM, merged type by type: adding a module is one line here. */
const MODULES = [
  sharedTypeResolvers,
  companyResolvers,
  companyViewResolvers,
  employeeResolvers,
  contactResolvers,
  inquiryResolvers,
  noteResolvers,
  followUpResolvers,
  packageResolvers,
  surveyResolvers,
  surveyInvitationResolvers,
  serviceLevelResolvers,
  accessLogResolvers,
  peopleResolvers,
  registerResolvers,
  outreachResolvers,
];

export const resolvers = mergeResolvers<Resolvers>(...MODULES);
