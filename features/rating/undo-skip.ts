import "server-only";
import { recordAudit } from "@/lib/audit";
import { prisma } from "@/lib/db/prisma";
import { AppError, conflict } from "@/lib/errors";
import { blindedItem, type ClaimedItem } from "./claim";
import { lockOwnAssignment, ratedElsewhere, slotsFor, takenSlots } from "./submit";

/**
 * Undoes the rater's skip: the skipped answer becomes their live hold in the
 * queue again, with a fresh lease, and any other hold they had there is given
 * back (one live hold per rater per queue). It takes the locks a claim and a
 * submission take — the rater's lock on the study, then the item row FOR
 * UPDATE — so an undo and another rater's claim of the freed slot are decided
 * one after the other, and the item never holds more than k live slots.
 *
 * Refused (409) once the rater has submitted a rating (or a cannot-assess) in the queue after the
 * skip (`undo_expired`; both times are the database's, taken under the
 * rater's lock, and a rating stamped in the same millisecond as the skip
 * counts as after it), when other raters have meanwhile filled the item to
 * k, or when the rater has meanwhile rated the answer, or holds it live, in
 * another queue of the study. A skip made before skip times were kept cannot be undone. Someone
 * else's assignment, or one in a queue the rater has left, is "not found"; a
 * locked study refuses it as it refuses a claim.
 */
export async function undoSkip(assignmentId: string, userId: string): Promise<ClaimedItem> {
  await prisma.$transaction(async (tx) => {
    const held = await lockOwnAssignment(tx, assignmentId, userId);
    if (held.status !== "skipped") throw conflict("This answer is not skipped (any more), so there is no skip to undo.");
    const [after] = held.skipped_at
      ? await tx.$queryRaw<{ rated: boolean }[]>`
          SELECT EXISTS (SELECT 1 FROM assignments a JOIN queue_items qi ON qi.id = a.queue_item_id
                         WHERE qi.queue_id = ${held.queue_id}::uuid AND a.user_id = ${userId}::uuid
                           AND a.status IN ('submitted', 'cannot_assess') AND a.submitted_at >= ${held.skipped_at}) AS rated`
      : [{ rated: true }];
    if (after?.rated ?? true) throw new AppError("undo_expired", "You have rated another answer since you skipped this one; the skip can no longer be undone.");
    if (ratedElsewhere(held)) throw conflict("You have rated this answer in another queue of this study meanwhile; the skip stays.");
    // A skip is done only in its own queue, so the rater may have claimed the same answer in another
    // queue of the study since; the undo would give them a second hold on it. Their claims there take
    // the rater's lock we hold, so this sees every one of them.
    const [elsewhere] = await tx.$queryRaw<{ held: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM assignments a JOIN queue_items qi ON qi.id = a.queue_item_id JOIN queues q ON q.id = qi.queue_id
                     WHERE q.study_id = ${held.study_id}::uuid AND qi.response_id = ${held.response_id}::uuid
                       AND a.user_id = ${userId}::uuid AND a.id <> ${assignmentId}::uuid
                       AND a.status = 'active' AND a.lease_expires_at > now()) AS held`;
    if (elsewhere?.held) {
      throw conflict("You hold this answer in another queue of this study now; rate it or skip it there. The skip here stays.");
    }
    // The item row is ours (FOR UPDATE): this count sees every claim and rating committed before.
    if ((await takenSlots(tx, held.queue_item_id, held.purpose, userId)) >= slotsFor(held)) {
      throw conflict("Other raters have taken every rating this answer needs since you skipped it; the skip can no longer be undone.");
    }
    // The hold the rater claimed after the skip goes back to the pool.
    const released = await tx.$queryRaw<{ id: string }[]>`
      UPDATE assignments a SET status = 'expired'
      FROM queue_items qi
      WHERE qi.id = a.queue_item_id AND qi.queue_id = ${held.queue_id}::uuid AND a.user_id = ${userId}::uuid
        AND a.id <> ${assignmentId}::uuid AND a.status = 'active'
      RETURNING a.id`;
    await tx.$executeRaw`
      UPDATE assignments a SET status = 'active', skip_reason = NULL, skipped_at = NULL, claimed_at = now(),
        lease_expires_at = now() + make_interval(secs => q.lease_seconds)
      FROM queues q WHERE a.id = ${assignmentId}::uuid AND q.id = ${held.queue_id}::uuid`;
    await recordAudit(tx, {
      actorId: userId,
      action: "assignment.undo_skip",
      entityType: "assignment",
      entityId: assignmentId,
      studyId: held.study_id,
      data: { queueId: held.queue_id, skipReason: held.skip_reason, releasedHolds: released.map((r) => r.id) },
    });
  });
  return blindedItem(assignmentId);
}
