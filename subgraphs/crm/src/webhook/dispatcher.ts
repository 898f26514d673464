import { createLogger, metricsRegistry } from "@company-graph/kit/observability";
import { Counter } from "prom-client";
import { Webhook } from "standardwebhooks";
import type { PrismaClient, WebhookDelivery, WebhookSubscription } from "../generated/prisma/client.js";
import { changeView, grantedView } from "../change-feed/change";
import { feedCursor, subscriptionFilter } from "../change-feed/feed";
import { EndpointRefused, pinEndpoint, systemResolver, type EndpointPolicy, type Resolver } from "./endpoint";
import { givesUp, retryDelayMs } from "./schedule";
import { postDelivery, type SendOutcome } from "./sender";

const logger = () => createLogger("crm", { component: "webhooks" });

const attemptsMetric = new Counter({
  name: "crm_webhook_attempts_total",
  help: "Attempts to deliver a change to a partner's webhook, by outcome: delivered (2xx), HTTP_STATUS, REDIRECT, TIMEOUT, CONNECTION, ADDRESS_REFUSED (the name resolved to an internal address)",
  labelNames: ["outcome"] as const,
  registers: [metricsRegistry],
});
const settledMetric = new Counter({
  name: "crm_webhook_deliveries_settled_total",
  help: "Webhook deliveries that ended other than delivered: failed (every attempt for 24 hours), cancelled (the endpoint was disabled, or the company became advertising-protected); and subscriptions disabled after failing",
  labelNames: ["outcome"] as const,
  registers: [metricsRegistry],
});

export interface DispatcherOptions {
  db: PrismaClient;
  policy: EndpointPolicy;
  now?: () => Date;
  resolve?: Resolver;
  /** How many deliveries one CRM replica sends at once. */
  concurrency?: number;
  /** One attempt's limit, connecting and the answer's headers included. */
  timeoutMs?: number;
  /** Jitter's randomness, [0, 1). */
  random?: () => number;
  /** Sends one attempt; tests may count or replace it. */
  send?: typeof postDelivery;
}

export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_TIMEOUT_MS = 10_000;

type Attempt = SendOutcome | { statusCode: null; error: "ADDRESS_REFUSED" | "CONNECTION" };

/**
 * Sends the webhook outbox. Each run claims the deliveries that are due — only the oldest pending
 * one of each subscription and company, so a company's changes arrive in order — with
 * FOR UPDATE SKIP LOCKED and a lease (claimedUntil), so CRM replicas running side by side never
 * send one delivery twice at once, and a replica that dies mid-send leaves its claim to expire.
 */
export class WebhookDispatcher {
  private readonly now: () => Date;
  private readonly resolve: Resolver;
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly random: () => number;
  private readonly send: typeof postDelivery;

  constructor(private readonly options: DispatcherOptions) {
    this.now = options.now ?? (() => new Date());
    this.resolve = options.resolve ?? systemResolver;
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.random = options.random ?? Math.random;
    this.send = options.send ?? postDelivery;
  }

  /** Claims and sends what is due now, `concurrency` at a time; returns how many attempts were made. */
  async runOnce(): Promise<number> {
    let attempts = 0;
    for (;;) {
      const claimed = await this.claim();
      if (claimed.length === 0) return attempts;
      await Promise.all(claimed.map((id) => this.attempt(id)));
      attempts += claimed.length;
    }
  }

  private async claim(): Promise<string[]> {
    const now = this.now();
    // Long enough for an attempt to finish; a replica that died mid-send frees its rows after it.
    const leaseUntil = new Date(now.getTime() + 2 * this.timeoutMs + 60_000);
    const rows = await this.options.db.$queryRaw<{ id: string }[]>`
      UPDATE "WebhookDelivery" SET "claimedUntil" = ${leaseUntil}::timestamp(3)
      WHERE "id" IN (
        SELECT head."id" FROM "WebhookDelivery" head
        JOIN "WebhookSubscription" subscription ON subscription."id" = head."subscriptionId"
        WHERE head."status" = 'PENDING' AND subscription."enabled"
          AND head."nextAttemptAt" <= ${now}::timestamp(3)
          AND (head."claimedUntil" IS NULL OR head."claimedUntil" <= ${now}::timestamp(3))
          AND NOT EXISTS (
            SELECT 1 FROM "WebhookDelivery" earlier
            WHERE earlier."subscriptionId" = head."subscriptionId" AND earlier."cvr" = head."cvr"
              AND earlier."status" = 'PENDING' AND earlier."changeSequence" < head."changeSequence")
        ORDER BY head."nextAttemptAt", head."changeSequence"
        LIMIT ${this.concurrency}
        FOR UPDATE OF head SKIP LOCKED)
      RETURNING "id"`;
    return rows.map((row) => row.id);
  }

  private async attempt(id: string): Promise<void> {
    const { db } = this.options;
    const delivery = await db.webhookDelivery.findUnique({
      where: { id },
      include: { subscription: true, change: { include: { company: { select: { advertisingProtected: true } } } } },
    });
    if (!delivery || delivery.status !== "PENDING") return;
    const { subscription, change } = delivery;
    // Protected since the change was put in the outbox: it goes to no partner now either.
    if (change.company.advertisingProtected) {
      await db.webhookDelivery.update({ where: { id }, data: { status: "CANCELLED", claimedUntil: null } });
      settledMetric.inc({ outcome: "cancelled" });
      return;
    }
    const at = this.now();
    const body = JSON.stringify({
      type: change.kind,
      timestamp: at.toISOString(),
      data: {
        cursor: feedCursor(subscriptionFilter(subscription), change.sequence),
        node: grantedView(changeView(change, { role: "PARTNER" }), subscription.grantFields),
      },
    });
    const outcome = await this.deliver(subscription, delivery.id, at, body);
    await this.record(delivery, subscription, at, outcome);
  }

  private async deliver(subscription: WebhookSubscription, id: string, at: Date, body: string): Promise<Attempt & { durationMs: number }> {
    const started = Date.now();
    let outcome: Attempt;
    try {
      const endpoint = await pinEndpoint(subscription.url, this.options.policy, (hostname) =>
        withinTime(this.resolve(hostname), this.timeoutMs),
      );
      outcome = await this.send(
        endpoint,
        body,
        {
          "webhook-id": id,
          "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
          "webhook-signature": signatures(subscription, id, at, body),
        },
        this.timeoutMs,
      );
    } catch (error) {
      if (!(error instanceof EndpointRefused)) throw error;
      outcome = { statusCode: null, error: error.problem === "unresolvable" ? "CONNECTION" : "ADDRESS_REFUSED" };
    }
    return { ...outcome, durationMs: Date.now() - started };
  }

  private async record(
    delivery: WebhookDelivery,
    subscription: WebhookSubscription,
    at: Date,
    outcome: Attempt & { durationMs: number },
  ): Promise<void> {
    const { db } = this.options;
    const number = delivery.attemptCount + 1;
    attemptsMetric.inc({ outcome: outcome.error ?? "delivered" });
    const firstAttemptAt = delivery.firstAttemptAt ?? at;
    const attempt = {
      deliveryId: delivery.id,
      number,
      at,
      statusCode: outcome.statusCode,
      error: outcome.error,
      durationMs: outcome.durationMs,
    };
    if (outcome.error === null) {
      await db.$transaction([
        db.webhookAttempt.create({ data: attempt }),
        db.webhookDelivery.update({
          where: { id: delivery.id },
          data: { status: "DELIVERED", attemptCount: number, firstAttemptAt, deliveredAt: at, claimedUntil: null },
        }),
        db.webhookSubscription.update({ where: { id: subscription.id }, data: { lastSuccessAt: at } }),
      ]);
      return;
    }
    if (!givesUp(firstAttemptAt, at)) {
      const nextAttemptAt = new Date(at.getTime() + retryDelayMs(number, this.random));
      await db.$transaction([
        db.webhookAttempt.create({ data: attempt }),
        db.webhookDelivery.update({
          where: { id: delivery.id },
          data: { attemptCount: number, firstAttemptAt, nextAttemptAt, claimedUntil: null },
        }),
      ]);
      return;
    }
    // Every attempt for 24 hours failed. If nothing else reached the endpoint meanwhile it is gone:
    // disable it (the partner re-enables it and catches up from the feed) rather than retry for ever.
    const dead = !subscription.lastSuccessAt || subscription.lastSuccessAt < firstAttemptAt;
    await db.$transaction([
      db.webhookAttempt.create({ data: attempt }),
      db.webhookDelivery.update({
        where: { id: delivery.id },
        data: { status: "FAILED", attemptCount: number, firstAttemptAt, claimedUntil: null },
      }),
      ...(dead ? disableSubscription(db, subscription.id, "FAILING", at) : []),
    ]);
    settledMetric.inc({ outcome: "failed" });
    if (dead) settledMetric.inc({ outcome: "subscription_disabled" });
    if (dead)
      logger().warn(
        { subscription: subscription.id, partner: subscription.partnerId },
        "webhook deaktiveret: ingen levering lykkedes i 24 timer",
      );
  }
}

/**
 * A lookup that fails after `ms`: the partner's name server is as untrusted as its receiver, and a
 * slow answer would otherwise hold one of the replica's few sending slots past its lease.
 */
function withinTime<T>(lookup: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("DNS lookup timed out")), ms);
  });
  return Promise.race([lookup, expired]).finally(() => clearTimeout(timer));
}

/** Disables a subscription and cancels what it had pending: the partner catches up from the feed. */
export function disableSubscription(db: PrismaClient, id: string, reason: "PARTNER" | "FAILING", at: Date) {
  return [
    db.webhookSubscription.update({ where: { id }, data: { enabled: false, disabledAt: at, disabledReason: reason } }),
    db.webhookDelivery.updateMany({ where: { subscriptionId: id, status: "PENDING" }, data: { status: "CANCELLED", claimedUntil: null } }),
  ];
}

/** webhook-signature: the current secret's, and the previous one's beside it while a rotation is fresh. */
function signatures(subscription: WebhookSubscription, id: string, at: Date, body: string): string {
  const secrets = [
    subscription.secret,
    ...(subscription.previousSecret && subscription.previousSecretUntil && subscription.previousSecretUntil > at
      ? [subscription.previousSecret]
      : []),
  ];
  return secrets.map((secret) => new Webhook(secret).sign(id, at, body)).join(" ");
}

/** Runs the dispatcher every `intervalMs` until stopped (a run still going skips the tick); a failed run is logged and the next one tries again. */
export function startWebhookDispatch(dispatcher: WebhookDispatcher, intervalMs: number): () => Promise<void> {
  let busy: Promise<void> | undefined;
  const timer = setInterval(() => {
    busy ??= dispatcher
      .runOnce()
      .then(
        () => undefined,
        (error: unknown) => logger().error({ err: error }, "webhook-levering fejlede; prøver igen"),
      )
      .finally(() => {
        busy = undefined;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await busy;
  };
}
