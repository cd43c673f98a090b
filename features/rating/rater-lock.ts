import "server-only";
import type { Prisma } from "@/lib/db/prisma";

/**
 * Runs one rater's claims and submissions within one study one at a time: a
 * transaction-scoped advisory lock on (study, rater), released at commit or
 * rollback (SQL function tandem_lock_rater_in_study, which the one-statement
 * claim takes too). Every transaction that takes it takes it before any row lock.
 *
 * It keeps two rules that span rows no single constraint can reach: one live
 * hold per rater per queue (ten simultaneous claims resume one assignment),
 * and one rating per answer per study across queues (a claim sees the hold or
 * rating the rater's previous claim or submission committed). A partial unique
 * index over live holds could keep the first rule only, and only with the
 * queue copied onto assignments. Other raters never wait on this lock.
 */
export async function lockRaterInStudy(tx: Prisma.TransactionClient, studyId: string, userId: string): Promise<void> {
  await tx.$executeRaw`SELECT tandem_lock_rater_in_study(${studyId}::uuid, ${userId}::uuid)`;
}

/**
 * Whether the user is in the queue's pool now. Claims and submissions ask
 * after taking `lockRaterInStudy`, which removing a rater from a pool takes
 * too: once a removal commits, the removed rater claims and submits nothing
 * more in that queue.
 */
export async function inPool(tx: Prisma.TransactionClient, queueId: string, userId: string): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ in_pool: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM queue_raters WHERE queue_id = ${queueId}::uuid AND user_id = ${userId}::uuid) AS in_pool`;
  return row?.in_pool ?? false;
}

/**
 * Whether the user is a named adjudicator of the queue. A named adjudicator
 * outside the pool may claim, give and skip the queue's adjudications only.
 */
export async function isAdjudicator(tx: Prisma.TransactionClient, queueId: string, userId: string): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ named: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM queue_adjudicators WHERE queue_id = ${queueId}::uuid AND user_id = ${userId}::uuid) AS named`;
  return row?.named ?? false;
}
