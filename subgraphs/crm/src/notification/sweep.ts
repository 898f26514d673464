import {
  isUpdateOverdue,
  lastHeardAt,
  SERVICES,
  serviceLevel,
  updatePromiseDays,
  type CaseEventCase,
  type CaseEventPermit,
  type Department,
} from "@company-graph/domain";
import type { PrismaClient } from "../generated/prisma/client.js";
import { daysUntilExpiry, permitStatus } from "../company-view/permits";
import { notifyFollowersOf, type FollowerNotice, type Occasion } from "./notify";

/*
 * The time-driven notifications: a permit 30 and 7 days before its end, a permit past its end, a
 * case whose company has not heard from its department within the promise (løbende orientering).
 * No business event announces these, so a sweep finds them at an injected `now`.
 *
 * Source: the company change history (CompanyChange), whose payload is each case's and permit's
 * newest version as its department announced it. It is what the CRM itself holds; reading every
 * department through the graph on a timer would call four systems for every company to find a
 * handful of due dates. A case or permit whose department announced nothing since the CRM began
 * to subscribe is not in the history, and is not swept (its company's alerts still show it).
 */

const DAY_MS = 86_400_000;
/** An expired permit is told of this long after its end, no later: one that ended long before (the CRM was down, the history is new) is history, not news. */
const PERMIT_EXPIRED_WITHIN_DAYS = 7;
const PERMIT_WARNINGS = [
  { kind: "permit.expiring-7", withinDays: 7 },
  { kind: "permit.expiring-30", withinDays: 30 },
] as const;
/**
 * A permit's occasion can be due only from 30 days before its end to 7 days after it, so its
 * DueNotice is kept this long after firing and then deleted: by then its key cannot be due again.
 * A case's are kept: the same silence would otherwise be told again.
 */
const PERMIT_NOTICE_KEPT_DAYS = 60;
/** The most occasions one sweep fires; the rest wait for the next sweep, oldest first. */
export const DEFAULT_SWEEP_LIMIT = 200;
/** The transaction-scoped advisory lock of a sweep: one CRM replica sweeps at a time; another finds it taken and skips. Any constant no other lock of the CRM's database uses. */
const SWEEP_LOCK = 0x4e4f5449;
/** The shortest promise of any service: a case heard from more recently cannot be overdue, so the database need not return it. */
const SHORTEST_PROMISE_DAYS = Math.min(...SERVICES.map((service) => serviceLevel(service).updatePromiseDays));

interface Latest<Payload> {
  cvr: string;
  department: Department;
  objectId: string;
  sensitivity: string;
  payload: Payload;
}

/** A due occasion: its key (DueNotice.key, the followers' dedupe key) and what the followers are told. */
type Due = FollowerNotice & { kind: Occasion };

const day = (at: number) => new Date(at).toISOString().slice(0, 10);
const iso = (value: string) => new Date(value).toISOString();

/**
 * The permits whose newest version ends near `now`: not revoked, of a company still trading, with
 * whether another permit of the same kind from the same department was granted the company later
 * (a replacement: its end is no news). The window is on the end's calendar day with a day's
 * margin either side; permitStatus and daysUntilExpiry decide exactly.
 */
async function permitsNearTheirEnd(db: PrismaClient, now: Date) {
  const from = day(now.getTime() - (PERMIT_EXPIRED_WITHIN_DAYS + 1) * DAY_MS);
  const to = day(now.getTime() + (PERMIT_WARNINGS[1].withinDays + 1) * DAY_MS);
  return db.$queryRaw<(Latest<CaseEventPermit> & { replaced: boolean })[]>`
    SELECT latest."cvr", latest."department", latest."objectId", latest."sensitivity", latest."payload",
      EXISTS (
        SELECT 1 FROM "CompanyChange" other
        WHERE other."cvr" = latest."cvr" AND other."department" = latest."department" AND other."kind" = 'permit.granted'
          AND other."objectId" <> latest."objectId" AND other."payload"->>'kind' = latest."payload"->>'kind' AND other."occurredAt" > latest."grantedAt"
      ) AS "replaced"
    FROM (
      SELECT DISTINCT ON (change."department", change."objectId") change."cvr", change."department", change."objectId", change."sensitivity", change."payload", change."kind",
        min(change."occurredAt") OVER (PARTITION BY change."department", change."objectId") AS "grantedAt"
      FROM "CompanyChange" change
      WHERE change."kind" LIKE 'permit.%'
      ORDER BY change."department", change."objectId", change."occurredAt" DESC, change."sequence" DESC
    ) latest
    JOIN "Company" company ON company."cvr" = latest."cvr"
    WHERE latest."kind" <> 'permit.revoked' AND latest."payload"->>'revokedAt' IS NULL
      AND left(latest."payload"->>'validTo', 10) BETWEEN ${from} AND ${to}
      AND (company."ceasedOn" IS NULL OR company."ceasedOn" > ${now}::timestamp(3))`;
}

/** The open cases whose company last heard about them longer ago than the shortest promise; isUpdateOverdue decides for each. */
async function casesLongUnheard(db: PrismaClient, now: Date) {
  const heardBefore = day(now.getTime() - SHORTEST_PROMISE_DAYS * DAY_MS);
  return db.$queryRaw<Latest<CaseEventCase>[]>`
    SELECT latest."cvr", latest."department", latest."objectId", latest."sensitivity", latest."payload"
    FROM (
      SELECT DISTINCT ON (change."department", change."objectId") change."cvr", change."department", change."objectId", change."sensitivity", change."payload", change."kind"
      FROM "CompanyChange" change
      WHERE change."kind" LIKE 'case.%'
      ORDER BY change."department", change."objectId", change."occurredAt" DESC, change."sequence" DESC
    ) latest
    JOIN "Company" company ON company."cvr" = latest."cvr"
    WHERE latest."kind" <> 'case.closed' AND latest."payload"->>'closedAt' IS NULL
      AND left(COALESCE(latest."payload"->>'lastUpdateSentAt', latest."payload"->>'openedAt'), 10) <= ${heardBefore}
      AND (company."ceasedOn" IS NULL OR company."ceasedOn" > ${now}::timestamp(3))`;
}

/** What a permit is due for at `now`: the most urgent warning it is within, or its expiry; nothing otherwise. */
function permitOccasion(permit: Latest<CaseEventPermit> & { replaced: boolean }, now: Date): Due | null {
  const record = { ...permit.payload, department: permit.department, conditions: [] };
  if (!record.validTo) return null;
  const validTo = Date.parse(record.validTo);
  const status = permitStatus(record, now);
  const left = daysUntilExpiry(record, now)!;
  const base = {
    cvr: permit.cvr,
    department: permit.department,
    changeSequence: null,
    objectId: permit.objectId,
    subject: record.kind,
    validTo: new Date(validTo),
    confidential: permit.sensitivity === "fortrolig",
  };
  const keyed = (kind: Occasion, occurredAt: number): Due => ({
    ...base,
    kind,
    dedupeKey: `${kind}:${permit.department}:${permit.objectId}:${iso(record.validTo!)}`,
    occurredAt: new Date(occurredAt),
  });
  if (status === "ACTIVE") {
    const warning = PERMIT_WARNINGS.find(({ withinDays }) => left <= withinDays);
    return warning ? keyed(warning.kind, validTo - warning.withinDays * DAY_MS) : null;
  }
  if (status === "EXPIRED" && !permit.replaced && -left <= PERMIT_EXPIRED_WITHIN_DAYS) return keyed("permit.expired", validTo + DAY_MS);
  return null;
}

/** An open case overdue for orientering at `now` (the one rule, isUpdateOverdue), keyed by when the company last heard: a new update starts a new episode. */
function caseOccasion(found: Latest<CaseEventCase>, now: Date): Due | null {
  const record = found.payload;
  if (!isUpdateOverdue(record, now)) return null;
  const heard = lastHeardAt(record);
  const promiseDays = updatePromiseDays(record);
  return {
    cvr: found.cvr,
    department: found.department,
    kind: "case.update-overdue",
    dedupeKey: `case.update-overdue:${found.department}:${found.objectId}:${iso(heard)}`,
    changeSequence: null,
    objectId: found.objectId,
    subject: record.title,
    validTo: null,
    lastUpdateAt: new Date(heard),
    promiseDays,
    occurredAt: new Date(Date.parse(heard) + (promiseDays + 1) * DAY_MS),
    confidential: found.sensitivity === "fortrolig",
  };
}

export interface SweepResult {
  /** Occasions fired by this sweep (each notifies every follower of its company, maybe none). */
  fired: number;
  /** Notifications written. */
  notified: number;
  /** Due occasions left for the next sweep by the limit. */
  deferred: number;
  /** Another replica was sweeping: this one did nothing. */
  skipped: boolean;
}

/**
 * One sweep at `now`: every due occasion not fired before, oldest first, at most `limit`, each
 * fired once (DueNotice) with its followers' notifications in one transaction. Sweeping again at
 * the same moment fires nothing; two replicas sweeping at once fire each occasion once.
 */
export async function sweepDueNotifications(db: PrismaClient, now: Date, limit: number = DEFAULT_SWEEP_LIMIT): Promise<SweepResult> {
  const [permits, cases] = await Promise.all([permitsNearTheirEnd(db, now), casesLongUnheard(db, now)]);
  const due = [...permits.map((permit) => permitOccasion(permit, now)), ...cases.map((found) => caseOccasion(found, now))]
    .filter((occasion): occasion is Due => occasion !== null)
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.dedupeKey < b.dedupeKey ? -1 : 1));
  if (due.length === 0) return { fired: 0, notified: 0, deferred: 0, skipped: false };
  const done = new Set(
    (await db.dueNotice.findMany({ where: { key: { in: due.map((occasion) => occasion.dedupeKey) } }, select: { key: true } })).map(
      (row) => row.key,
    ),
  );
  const pending = due.filter((occasion) => !done.has(occasion.dedupeKey));
  const batch = pending.slice(0, limit);
  if (batch.length === 0) return { fired: 0, notified: 0, deferred: 0, skipped: false };
  return db.$transaction(
    async (tx) => {
      const [{ locked }] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${SWEEP_LOCK}::bigint) AS "locked"`;
      if (!locked) return { fired: 0, notified: 0, deferred: pending.length, skipped: true };
      await tx.dueNotice.deleteMany({
        where: { kind: { startsWith: "permit." }, firedAt: { lt: new Date(now.getTime() - PERMIT_NOTICE_KEPT_DAYS * DAY_MS) } },
      });
      let fired = 0;
      let notified = 0;
      for (const occasion of batch) {
        const inserted = await tx.$executeRaw`
          INSERT INTO "DueNotice" ("key", "cvr", "kind", "firedAt") VALUES (${occasion.dedupeKey}, ${occasion.cvr}, ${occasion.kind}, ${now}::timestamp(3))
          ON CONFLICT ("key") DO NOTHING`;
        if (inserted === 0) continue;
        fired++;
        notified += await notifyFollowersOf(tx, occasion, now);
      }
      return { fired, notified, deferred: pending.length - batch.length, skipped: false };
    },
    { timeout: 60_000 },
  );
}

interface SweepSchedule {
  intervalMs: number;
  limit: number;
  now?: () => Date;
  onSwept?: (result: SweepResult) => void;
  onError: (error: unknown) => void;
}

/**
 * Sweeps at start and then every `intervalMs`, without keeping the process alive; a sweep still
 * running when the next is due is not overlapped (the next waits for the following tick). A
 * failed sweep is reported and retried at the next interval. Returns a stop function.
 */
export function startDueNotificationSweep(db: PrismaClient, schedule: SweepSchedule): () => void {
  const now = schedule.now ?? (() => new Date());
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    sweepDueNotifications(db, now(), schedule.limit)
      .then((result) => schedule.onSwept?.(result), schedule.onError)
      .finally(() => {
        running = false;
      });
  };
  run();
  const timer = setInterval(run, schedule.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
