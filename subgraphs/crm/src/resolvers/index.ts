import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper";
import { mergeResolvers, sharedTypeResolvers } from "@company-graph/kit";
import type { CrmContext } from "../context";
import { companyResolvers } from "./company";
import { companyViewResolvers } from "./company-view";
import { contactResolvers } from "./contacts";
import { employeeResolvers } from "./employees";
import { followUpResolvers } from "./follow-ups";
import { inquiryResolvers } from "./inquiries";
import { noteResolvers } from "./notes";
import { packageResolvers } from "./packages";
import { surveyResolvers } from "./surveys";

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
  // The lead adds companyViewResolvers (./company-view) here: Company.cases and Company.permits.
];

export const resolvers = mergeResolvers<GraphQLResolverMap<CrmContext>>(...MODULES);
