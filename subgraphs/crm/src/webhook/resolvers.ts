import { randomBytes } from "node:crypto";
import { accessOf, type PartnerGrant } from "@company-graph/kit/auth";
import { badUserInput, forbidden, notFound } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import type { Department, Resolvers, WebhookAttemptError, WebhookDeliveryStatus, WebhookDisabledReason } from "../generated/graphql";
import type { WebhookSubscription } from "../generated/prisma/client.js";
import type { CrmContext } from "../context";
import { changeKindOf, messageTypeOf } from "../change-feed/change";
import { feedCursor, normalizeFilter, subscriptionFilter } from "../change-feed/feed";
import { disableSubscription } from "./dispatcher";
import { EndpointRefused, pinEndpoint, systemResolver, type EndpointPolicy, type Resolver } from "./endpoint";
import { isUniqueViolation } from "../idempotency";
import { deliveryLog } from "./log";

/** The most subscriptions one partner keeps. */
const MAX_SUBSCRIPTIONS = 10;
/** How long the old secret signs beside a rotated one. */
const ROTATION_OVERLAP_MS = 24 * 3600_000;

/** Where the CRM lets webhooks point, and how it resolves names (a stub in tests). */
export interface WebhookSettings {
  policy: EndpointPolicy;
  resolve?: Resolver;
}

/** A fresh signing secret as Standard Webhooks writes it: whsec_ and 32 random bytes in base64. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** The calling partner and its grant; the actor of every webhook mutation. */
function partnerOf(context: CrmContext): { partnerId: string; grant: PartnerGrant } {
  const identity = accessOf(context)?.identity;
  if (!identity || identity.role !== "PARTNER" || !identity.grant) throw forbidden(refusal.forbidden.onlyFor("webhooks", ["PARTNER"]));
  return { partnerId: identity.userId, grant: identity.grant };
}

/** The grant as a subscription keeps it: what its deliveries may carry until the partner next registers, re-enables or rotates. */
function grantSnapshot(grant: PartnerGrant) {
  const changes = grant.changes;
  if (!changes) throw forbidden(refusal.forbidden.noChangeScope);
  return {
    grantFields: grant.fields.filter((field) => /^Change(Case|Permit)?\./.test(field)),
    grantDepartments: changes.departments,
    grantKinds: changes.kinds,
    grantCvrs: changes.cvrs ?? [],
    grantAllCompanies: changes.cvrs === undefined,
  };
}

async function ownSubscription(context: CrmContext, id: string): Promise<WebhookSubscription> {
  const { partnerId } = partnerOf(context);
  const subscription = await context.db.webhookSubscription.findFirst({ where: { id, partnerId } });
  // Another partner's subscription is answered as no subscription: its existence is not told.
  if (!subscription) throw notFound(refusal.badUserInput.noWebhookSubscription(id));
  return subscription;
}

/** Production's rule unless the CRM was started otherwise: a missing setting never opens loopback. */
const settingsOf = (context: CrmContext): Required<WebhookSettings> => ({
  policy: context.webhooks?.policy ?? "public-https",
  resolve: context.webhooks?.resolve ?? systemResolver,
});

export const webhookResolvers: Resolvers = {
  Query: {
    webhookSubscriptions: async (_, __, context) => {
      const { partnerId } = partnerOf(context);
      return context.db.webhookSubscription.findMany({ where: { partnerId }, orderBy: [{ createdAt: "desc" }, { id: "asc" }] });
    },
  },
  Mutation: {
    registerWebhook: async (_, { input }, context) => {
      const { partnerId, grant } = partnerOf(context);
      const snapshot = grantSnapshot(grant);
      if (input.kinds.length === 0) throw badUserInput(refusal.badUserInput.webhookKindsEmpty, "input.kinds");
      const filter = normalizeFilter({ kinds: input.kinds, departments: input.departments, cvr: input.cvr }, "input");
      const kinds = filter.kinds!.map(messageTypeOf);
      // Asking for more than the grant covers is refused rather than quietly narrowed: the partner learns now, not from missing deliveries.
      for (const [field, asked, allowed] of [
        ["input.kinds", kinds, snapshot.grantKinds],
        ["input.departments", filter.departments ?? [], snapshot.grantDepartments],
        ["input.cvr", snapshot.grantAllCompanies ? [] : (filter.cvr ?? []), snapshot.grantCvrs],
      ] as const) {
        const outside = asked.filter((value) => !(allowed as readonly string[]).includes(value));
        if (outside.length) throw forbidden(refusal.forbidden.outsideChangeScope(field, outside), field);
      }
      const { policy, resolve } = settingsOf(context);
      try {
        await pinEndpoint(input.url, policy, resolve);
      } catch (error) {
        if (error instanceof EndpointRefused) throw badUserInput(refusal.badUserInput.webhookEndpoint(error.problem), "input.url");
        throw error;
      }
      // One subscription per endpoint: a registration retried after a lost answer does not double every delivery.
      const existing = await context.db.webhookSubscription.findFirst({ where: { partnerId, url: input.url }, select: { id: true } });
      if (existing) throw badUserInput(refusal.badUserInput.webhookAlreadyRegistered(existing.id), "input.url");
      if ((await context.db.webhookSubscription.count({ where: { partnerId } })) >= MAX_SUBSCRIPTIONS)
        throw badUserInput(refusal.badUserInput.webhookLimit(MAX_SUBSCRIPTIONS));
      const secret = newSecret();
      try {
        const subscription = await context.db.webhookSubscription.create({
          data: {
            partnerId,
            url: input.url,
            kinds,
            departments: filter.departments ?? [],
            cvrs: filter.cvr ?? [],
            ...snapshot,
            secret,
            createdAt: context.now(),
          },
        });
        return { subscription, secret };
      } catch (error) {
        // The same registration arriving twice at once: the unique (partner, URL) lets one through.
        if (!isUniqueViolation(error)) throw error;
        const winner = await context.db.webhookSubscription.findFirstOrThrow({
          where: { partnerId, url: input.url },
          select: { id: true },
        });
        throw badUserInput(refusal.badUserInput.webhookAlreadyRegistered(winner.id), "input.url");
      }
    },
    disableWebhook: async (_, { id }, context) => {
      const subscription = await ownSubscription(context, id);
      if (!subscription.enabled) return subscription;
      const [disabled] = await context.db.$transaction(disableSubscription(context.db, subscription.id, "PARTNER", context.now()));
      return disabled as WebhookSubscription;
    },
    enableWebhook: async (_, { id }, context) => {
      const subscription = await ownSubscription(context, id);
      const snapshot = grantSnapshot(partnerOf(context).grant);
      return context.db.webhookSubscription.update({
        where: { id: subscription.id },
        data: { enabled: true, disabledAt: null, disabledReason: null, ...snapshot },
      });
    },
    rotateWebhookSecret: async (_, { id }, context) => {
      const subscription = await ownSubscription(context, id);
      const snapshot = grantSnapshot(partnerOf(context).grant);
      const secret = newSecret();
      const rotated = await context.db.webhookSubscription.update({
        where: { id: subscription.id },
        data: {
          secret,
          previousSecret: subscription.secret,
          previousSecretUntil: new Date(context.now().getTime() + ROTATION_OVERLAP_MS),
          ...snapshot,
        },
      });
      return { subscription: rotated, secret };
    },
  },
  WebhookSubscription: {
    kinds: (subscription) => subscription.kinds.map(changeKindOf),
    departments: (subscription) => subscription.departments as Department[],
    cvr: (subscription) => subscription.cvrs,
    disabledReason: (subscription) => subscription.disabledReason as WebhookDisabledReason | null,
    deliveries: (subscription, args, context) => deliveryLog(context.db, subscription, args),
  },
  WebhookDelivery: {
    changeId: (delivery) => String(delivery.changeSequence),
    cursor: (delivery) => feedCursor(subscriptionFilter(delivery.subscription), delivery.changeSequence),
    status: (delivery) => delivery.status as WebhookDeliveryStatus,
    nextAttemptAt: (delivery) => (delivery.status === "PENDING" ? delivery.nextAttemptAt : null),
  },
  WebhookAttempt: {
    error: (attempt) => attempt.error as WebhookAttemptError | null,
  },
};
