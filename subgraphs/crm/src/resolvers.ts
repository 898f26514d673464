import { mergeResolvers, sharedTypeResolvers } from "@company-graph/kit/schema";
import type { Resolvers } from "./generated/graphql";
import { accessLogResolvers } from "./access-log/resolvers";
import { catalogueResolvers } from "./catalogue/resolvers";
import { changeFeedResolvers } from "./change-feed/resolvers";
import { companyResolvers } from "./company/resolvers";
import { companyViewResolvers } from "./company-view/resolvers";
import { contactResolvers } from "./contact/resolvers";
import { employeeResolvers } from "./employee/resolvers";
import { followUpResolvers } from "./follow-up/resolvers";
import { followingResolvers } from "./following/resolvers";
import { inquiryResolvers } from "./inquiry/resolvers";
import { noteResolvers } from "./note/resolvers";
import { notificationResolvers } from "./notification/resolvers";
import { outreachResolvers } from "./outreach/resolvers";
import { packageResolvers } from "./package/resolvers";
import { peopleResolvers } from "./employee/display-name";
import { registerResolvers } from "./register/resolvers";
import { registerQuarantineResolvers } from "./register/quarantine-resolvers";
import { serviceLevelResolvers } from "./service-level/resolvers";
import { surveyResolvers } from "./survey/resolvers";
import { surveyInvitationResolvers } from "./survey/invitation-resolvers";
import { webhookResolvers } from "./webhook/resolvers";

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
  catalogueResolvers,
  serviceLevelResolvers,
  accessLogResolvers,
  peopleResolvers,
  registerResolvers,
  registerQuarantineResolvers,
  outreachResolvers,
  followingResolvers,
  notificationResolvers,
  changeFeedResolvers,
  webhookResolvers,
];

export const resolvers = mergeResolvers<Resolvers>(...MODULES);
