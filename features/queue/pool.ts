import "server-only";
import { recordAudit } from "@/lib/audit";
import { prisma, type Prisma } from "@/lib/db/prisma";
import { conflict, invalid, notFound } from "@/lib/errors";
import { assertStudyOpen } from "@/lib/study-lock";
import { shortItemsSql, type ShortItemRow } from "@/features/rating/claimable";
import { lockRaterInStudy } from "@/features/rating/rater-lock";
import type { AddRater } from "./schemas";

type Tx = Prisma.TransactionClient;

async function findQueue(queueId: string) {
  const queue = await prisma.queue.findUnique({ where: { id: queueId }, select: { id: true, studyId: true } });
  if (!queue) throw notFound("The queue");
  return queue;
}

/** Locks the queue row: changes to one pool run one at a time, so each sees the pool the last one left. */
async function lockPool(tx: Tx, queueId: string): Promise<{ userId: string; email: string }[]> {
  await tx.$executeRaw`SELECT 1 FROM queues WHERE id = ${queueId}::uuid FOR UPDATE`;
  const pool = await tx.queueRater.findMany({ where: { queueId }, select: { userId: true, user: { select: { email: true } } } });
  return pool.map((p) => ({ userId: p.userId, email: p.user.email })).sort((a, b) => a.email.localeCompare(b.email));
}

/**
 * Adds an active rater to a queue's pool after it was built: from their next
 * claim they may take any answer they have not rated or skipped, including
 * those short of k that no one else in the pool could take. Someone already in
 * the pool is a 409; an unknown email, or a user who is not an active rater, a
 * 422 naming `email`.
 */
export async function addRaterToQueue(queueId: string, { email }: AddRater, actorId: string) {
  const queue = await findQueue(queueId);
  const user = await prisma.user.findUnique({ where: { email: email.toLowerCase() }, select: { id: true, email: true, name: true, role: true, active: true } });
  if (!user) throw invalid("No user has this email.", [{ field: "email", message: `${email} is not a user.` }]);
  if (user.role !== "rater" || !user.active) {
    throw invalid("Only an active user with the rater role can join a pool.", [{ field: "email", message: `${user.email} is not an active rater.` }]);
  }
  return prisma.$transaction(async (tx) => {
    await assertStudyOpen(tx, queue.studyId, "its queues' pools cannot change.");
    const before = await lockPool(tx, queueId);
    if (before.some((p) => p.userId === user.id)) {
      throw conflict(`${user.email} is already in this queue's pool.`, [{ field: "email", message: "Already in the pool." }]);
    }
    await tx.queueRater.create({ data: { queueId, userId: user.id } });
    await recordAudit(tx, {
      actorId,
      action: "queue.rater.add",
      entityType: "queue",
      entityId: queueId,
      studyId: queue.studyId,
      data: { rater: { id: user.id, email: user.email }, before: { pool: before.map((p) => p.email) }, after: { pool: [...before.map((p) => p.email), user.email].sort() } },
    });
    return { userId: user.id, email: user.email, name: user.name };
  });
}

/**
 * Removes a rater from a queue's pool: their live holds in the queue are
 * released (the slots go back to the pool), their ratings and skips stay and
 * keep counting. From then on they cannot claim, rate, edit or skip in the
 * queue. Refused (409), so that no answer is stranded by the removal:
 * - the last rater of the pool, while any answer is short of k;
 * - any rater without whom an answer short of k that the pool could still
 *   complete could no longer be completed (the raters holding it plus the
 *   eligible raters left are fewer than the ratings it misses): add a rater
 *   first. Answers no one could complete before do not block the removal.
 */
export async function removeRaterFromQueue(queueId: string, userId: string, actorId: string) {
  const queue = await findQueue(queueId);
  return prisma.$transaction(async (tx) => {
    // The removed rater's lock first, as their claims and submissions take it: none of theirs is in flight past this point.
    await lockRaterInStudy(tx, queue.studyId, userId);
    await assertStudyOpen(tx, queue.studyId, "its queues' pools cannot change.");
    const before = await lockPool(tx, queueId);
    const removed = before.find((p) => p.userId === userId);
    if (!removed) throw notFound("The rater in this queue's pool");

    const [now, without] = await Promise.all([
      tx.$queryRaw<ShortItemRow[]>(shortItemsSql(queueId)),
      tx.$queryRaw<ShortItemRow[]>(shortItemsSql(queueId, { excludeUser: userId })),
    ]);
    if (before.length === 1 && now.length > 0) {
      throw conflict(`${removed.email} is the queue's last rater and ${now.length} ${now.length === 1 ? "answer is" : "answers are"} still short of the ratings asked: add a rater before removing this one.`);
    }
    const stillPossible = new Set(now.filter((r) => r.reason === "waiting").map((r) => r.queue_item_id));
    const stranded = without.filter((r) => r.reason === "no_eligible_rater" && stillPossible.has(r.queue_item_id)).length;
    if (stranded > 0) {
      throw conflict(
        `Without ${removed.email}, ${stranded} ${stranded === 1 ? "answer" : "answers"} short of the ratings asked would have no eligible rater left: add a rater before removing this one.`,
      );
    }

    await tx.queueRater.delete({ where: { queueId_userId: { queueId, userId } } });
    const releasedHolds = await tx.$executeRaw`
      UPDATE assignments SET status = 'expired'
      WHERE user_id = ${userId}::uuid AND status = 'active'
        AND queue_item_id IN (SELECT id FROM queue_items WHERE queue_id = ${queueId}::uuid)`;
    await recordAudit(tx, {
      actorId,
      action: "queue.rater.remove",
      entityType: "queue",
      entityId: queueId,
      studyId: queue.studyId,
      data: { rater: { id: userId, email: removed.email }, releasedHolds, before: { pool: before.map((p) => p.email) }, after: { pool: before.filter((p) => p.userId !== userId).map((p) => p.email) } },
    });
    return { userId, email: removed.email, releasedHolds };
  });
}
