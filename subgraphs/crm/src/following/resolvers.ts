import type { Resolvers } from "../generated/graphql";
import { actingEmployee } from "../actor";
import { paginate } from "../pagination";
import { required } from "../required";
import { requireCompany } from "../validation";
import { DEFAULT_MAX_FOLLOWED_COMPANIES, follow, followedBy, unfollow } from "./following";

export const followingResolvers: Resolvers = {
  Query: {
    me: (_, __, context) => actingEmployee(context),
  },
  Mutation: {
    followCompany: async (_, { cvr }, context) => {
      const actor = await actingEmployee(context);
      await requireCompany(context, cvr);
      return follow(context.db, actor.id, cvr, context.maxFollowedCompanies ?? DEFAULT_MAX_FOLLOWED_COMPANIES, context.now());
    },
    unfollowCompany: async (_, { cvr }, context) => {
      const actor = await actingEmployee(context);
      await requireCompany(context, cvr);
      return unfollow(context.db, actor.id, cvr);
    },
  },
  Me: {
    employee: (me) => me,
    following: async (me, { first, after }, context) =>
      paginate(await followedBy(context.db, me.id), {
        scope: { list: "following", filter: {} },
        first: first ?? 50,
        after,
        keyOf: (following) => [following.cvr],
        compare: ([a], [b]) => (a < b ? -1 : a > b ? 1 : 0),
      }),
  },
  CompanyFollowing: {
    company: (following, _, context) => required(context.loaders.company.load(following.cvr), `company ${following.cvr}`),
    following: (following) => following.followedAt !== null || following.asKeyAccountManager,
  },
};
