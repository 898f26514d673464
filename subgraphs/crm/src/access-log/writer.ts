import { z } from "zod";
import { badUserInput, forbidden } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import { createLogger } from "@company-graph/kit/observability";
import { ruleAllows, ruleAudience, type PolicyTable } from "@company-graph/kit/auth";
import type { InternalCaller } from "@company-graph/kit/server";
import type { PrismaClient } from "../generated/prisma/client.js";
import { startPruning } from "../pruning";
import { isUniqueViolation } from "../idempotency";

/**
 * Each batch a department signed is recorded once (an IdempotencyRecord of the batch's id, in
 * the transaction that writes its entries): a captured batch posted again adds nothing. Its
 * signature holds five minutes, so the record is pruned after an hour.
 */
const BATCH_OPERATION = "accessLog";
const BATCH_KEY_PREFIX = "access-log:";
const BATCH_RECORD_HOURS = 1;

/** Access-log entries are kept six months (the municipal DPAs' retention for use logs). */
export const RETENTION_MONTHS = 6;

const batchSchema = z.object({
  /** Informational: the caller is the audience of its gateway token; a different name here is refused. */
  subgraph: z.string().min(1).max(20).optional(),
  reads: z
    .array(
      z.object({
        subjectCvr: z
          .string()
          .regex(/^\d{8}$/)
          .optional(),
        subjectCpr: z
          .string()
          .regex(/^\d{6}-\d{4}$/)
          .optional(),
        fields: z
          .array(z.string().regex(/^\w+\.\w+$/))
          .min(1)
          .max(100),
      }),
    )
    .min(1)
    .max(10_000),
});

/**
 * Writes a subgraph's batch of personal-data reads. The caller is the subgraph its gateway token
 * was minted for (the department forwards the token of the request that read the data), and
 * who, role, purpose and operation come from that verified token; the body only says what was
 * read about whom. Only fields of the caller's own policy table that are personal data, and that
 * the token's user may read, are accepted: a token seen on the network cannot log reads of
 * another subgraph's fields or invent reads its user could not make. The write is awaited: the
 * reading subgraph releases the data only after this answers 204.
 */
export function accessLogWriter(db: PrismaClient, now: () => Date, policies: Readonly<Record<string, PolicyTable>>) {
  return async (body: unknown, caller: InternalCaller): Promise<void> => {
    const parsed = batchSchema.safeParse(body);
    if (!parsed.success)
      throw badUserInput(
        refusal.badUserInput.notAnAccessLogBatch(
          parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "),
        ),
      );
    const { identity, subgraph } = caller;
    if (parsed.data.subgraph !== undefined && parsed.data.subgraph !== subgraph)
      throw forbidden(refusal.forbidden.accessLogFromAnotherSubgraph(subgraph, parsed.data.subgraph));
    const table = policies[subgraph] ?? {};
    for (const field of new Set(parsed.data.reads.flatMap((read) => read.fields))) {
      const rule = table[field];
      if (rule?.kind !== "personal") throw forbidden(refusal.forbidden.accessLogNotPersonal(field, subgraph));
      if (!ruleAllows(rule, identity)) throw forbidden(refusal.forbidden.accessLogNotReadable(field, ruleAudience(rule), identity.role));
    }
    const at = now();
    try {
      await db.$transaction(async (tx) => {
        await tx.idempotencyRecord.create({
          data: {
            userId: identity.userId,
            key: `${BATCH_KEY_PREFIX}${caller.batchId}`,
            operation: BATCH_OPERATION,
            fingerprint: caller.batchId,
            resultId: caller.batchId,
          },
        });
        await tx.accessLogEntry.createMany({ data: entries(parsed.data.reads, caller, at) });
      });
    } catch (error) {
      // Recorded already: the same signed batch, posted again.
      if (!isUniqueViolation(error)) throw error;
    }
  };
}

function entries(reads: z.infer<typeof batchSchema>["reads"], { identity, subgraph }: InternalCaller, at: Date) {
  return reads.map((read) => ({
    at,
    userId: identity.userId,
    role: identity.role,
    department: identity.department ?? null,
    unit: identity.unit ?? null,
    operationId: identity.operationId ?? null,
    operationName: identity.operationName ?? null,
    purpose: identity.purpose ?? null,
    subgraph,
    subjectCvr: read.subjectCvr ?? null,
    subjectCpr: read.subjectCpr ?? null,
    fields: read.fields,
  }));
}

/** The oldest moment an entry may be from at `now`. */
export function retentionStart(now: Date): Date {
  const start = new Date(now);
  start.setUTCMonth(start.getUTCMonth() - RETENTION_MONTHS);
  return start;
}

/** Deletes entries older than six months; returns how many. */
export async function pruneAccessLog(db: PrismaClient, now: Date): Promise<number> {
  await db.idempotencyRecord.deleteMany({
    where: { operation: BATCH_OPERATION, createdAt: { lt: new Date(now.getTime() - BATCH_RECORD_HOURS * 3_600_000) } },
  });
  const { count } = await db.accessLogEntry.deleteMany({ where: { at: { lt: retentionStart(now) } } });
  return count;
}

/** A failed prune is retried at the next interval; the CRM's log says why in the meantime. */
function logPruningFailure(error: unknown): void {
  createLogger("crm", { component: "access-log-pruning" }).error({ err: error }, "access-log pruning failed");
}

/** Prunes at start and then every six hours, without keeping the process alive. Returns a stop function. */
export function startAccessLogPruning(
  db: PrismaClient,
  now: () => Date = () => new Date(),
  onError: (error: unknown) => void = logPruningFailure,
): () => void {
  return startPruning(() => pruneAccessLog(db, now()), onError);
}
