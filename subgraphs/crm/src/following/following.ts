import { ErrorCode } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import { GraphQLError } from "graphql";
import type { PrismaClient } from "../generated/prisma/client.js";

/** How many companies one employee may choose to follow unless MAX_FOLLOWED_COMPANIES says otherwise (Salesforce's default for followed records). */
export const DEFAULT_MAX_FOLLOWED_COMPANIES = 500;

/** The advisory-lock class of follow lists (the first key of pg_advisory_xact_lock(int, int)); the second is the employee's. */
const FOLLOW_LOCK = 0x464f4c4c;

/**
 * Whether an employee follows a company, and why. A company's current key account manager follows
 * it without a row: the assignment is the fact, so a new assignment moves the following with it
 * and a row could never outlive the assignment or be forgotten when it ends.
 */
export interface CompanyFollowing {
  cvr: string;
  /** When the employee chose to follow; null when they did not. */
  followedAt: Date | null;
  asKeyAccountManager: boolean;
}

/**
 * Follows a company, once. Follows of one employee are counted under a lock, so two requests at
 * once cannot together pass the limit. A key account manager's own accounts do not count: they
 * did not choose them.
 */
export async function follow(db: PrismaClient, employeeId: string, cvr: string, max: number, now: Date): Promise<CompanyFollowing> {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${FOLLOW_LOCK}::int, hashtext(${employeeId}))`;
    if (await tx.companyFollow.findUnique({ where: { employeeId_cvr: { employeeId, cvr } }, select: { cvr: true } })) return;
    if ((await tx.companyFollow.count({ where: { employeeId } })) >= max) {
      throw new GraphQLError(refusal.badUserInput.followLimitReached(max), {
        extensions: { code: ErrorCode.BadUserInput, field: "cvr", reason: "FOLLOW_LIMIT_REACHED", limit: max },
      });
    }
    await tx.companyFollow.create({ data: { employeeId, cvr, followedAt: now } });
  });
  return followingOf(db, employeeId, cvr);
}

/** Stops a chosen following; a key account manager still follows their account. */
export async function unfollow(db: PrismaClient, employeeId: string, cvr: string): Promise<CompanyFollowing> {
  await db.companyFollow.deleteMany({ where: { employeeId, cvr } });
  return followingOf(db, employeeId, cvr);
}

async function followingOf(db: PrismaClient, employeeId: string, cvr: string): Promise<CompanyFollowing> {
  const [chosen, assignment] = await Promise.all([
    db.companyFollow.findUnique({ where: { employeeId_cvr: { employeeId, cvr } } }),
    db.keyAccountAssignment.findFirst({ where: { employeeId, cvr, until: null }, select: { id: true } }),
  ]);
  return { cvr, followedAt: chosen?.followedAt ?? null, asKeyAccountManager: assignment !== null };
}

/** Every company an employee follows, chosen or as key account manager, by CVR number: at most the limit plus their accounts. */
export async function followedBy(db: PrismaClient, employeeId: string): Promise<CompanyFollowing[]> {
  const [chosen, accounts] = await Promise.all([
    db.companyFollow.findMany({ where: { employeeId } }),
    db.keyAccountAssignment.findMany({ where: { employeeId, until: null }, select: { cvr: true } }),
  ]);
  const byCvr = new Map<string, CompanyFollowing>(
    chosen.map((row) => [row.cvr, { cvr: row.cvr, followedAt: row.followedAt, asKeyAccountManager: false }]),
  );
  for (const { cvr } of accounts) byCvr.set(cvr, { cvr, followedAt: byCvr.get(cvr)?.followedAt ?? null, asKeyAccountManager: true });
  return [...byCvr.values()].sort((a, b) => (a.cvr < b.cvr ? -1 : a.cvr > b.cvr ? 1 : 0));
}
