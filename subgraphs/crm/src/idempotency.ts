import { createHash, randomUUID } from "node:crypto";
import { badUserInput } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import { Prisma, type PrismaClient } from "./generated/prisma/client.js";
import { requireIdempotencyKey } from "./validation";

type TransactionClient = Prisma.TransactionClient;

/** Prisma's code for a unique-constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((key) => [key, stable((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** A hash of the request without its key, to catch a key reused for a different request. */
function fingerprint(input: Record<string, unknown>): string {
  const { idempotencyKey: _key, ...rest } = input;
  return createHash("sha256")
    .update(JSON.stringify(stable(rest)))
    .digest("hex");
}

export interface IdempotentCreate<T extends { id: string }, Prepared> {
  /** Mutation name; a key used with another mutation is rejected. */
  operation: string;
  /** Who sent the key (the verified caller): keys are scoped to their sender, so one user's key never replays another user's record. */
  userId: string;
  /** The mutation's input, including `idempotencyKey`. */
  input: Record<string, unknown> & { idempotencyKey: string };
  /** Reads the created record back when replaying. */
  load: (id: string) => Promise<T | null>;
  /** Validates the input, only when the key is new (a retry is answered even if, say, its deadline has passed since). */
  prepare: () => Promise<Prepared>;
  /** Does the work inside the transaction; `id` is a fresh id to give the new record. */
  create: (tx: TransactionClient, id: string, prepared: Prepared) => Promise<T>;
}

const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 15_000 };

/**
 * Runs a create mutation at most once per idempotency key. The key is inserted into
 * IdempotencyRecord (primary key) in the same transaction as the work, first: of concurrent
 * requests with one key exactly one commits; the others fail on the key (PostgreSQL makes them
 * wait for the winner's commit; PGlite runs transactions one at a time) and replay the winner's
 * result. A retry after success replays too. A request that fails validation records nothing.
 * The key is the sender's: (userId, key) is the primary key, so the same key from another user
 * is a new request and never answers with the first user's record.
 */
export async function idempotentCreate<T extends { id: string }, Prepared>(
  db: PrismaClient,
  spec: IdempotentCreate<T, Prepared>,
): Promise<T> {
  const key = requireIdempotencyKey(spec.input.idempotencyKey);
  const print = fingerprint(spec.input);
  const scoped = { userId_key: { userId: spec.userId, key } };
  const replay = async (): Promise<T | null> => {
    const record = await db.idempotencyRecord.findUnique({ where: scoped });
    if (!record) return null;
    if (record.operation !== spec.operation || record.fingerprint !== print) {
      throw badUserInput(refusal.badUserInput.idempotencyKeyReused(key, record.operation), "idempotencyKey");
    }
    const result = await spec.load(record.resultId);
    if (!result) throw new Error(`idempotency record ${key} points at missing ${spec.operation} result ${record.resultId}`);
    return result;
  };

  const earlier = await replay();
  if (earlier) return earlier;
  const prepared = await spec.prepare();
  try {
    return await db.$transaction(async (tx) => {
      const id = randomUUID();
      await tx.idempotencyRecord.create({
        data: { userId: spec.userId, key, operation: spec.operation, fingerprint: print, resultId: id },
      });
      const result = await spec.create(tx, id, prepared);
      if (result.id !== id) await tx.idempotencyRecord.update({ where: scoped, data: { resultId: result.id } });
      return result;
    }, TRANSACTION_OPTIONS);
  } catch (error) {
    if (isUniqueViolation(error)) {
      const winner = await replay();
      if (winner) return winner;
    }
    throw error;
  }
}
