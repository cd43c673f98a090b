import "server-only";
import { newBlindCode } from "@/lib/blind-code";
import type { Prisma } from "@/lib/db/prisma";
import { retestDue } from "./quality-due";
import { givenInQueue, holdForPurpose, type QualityQueue } from "./quality-claim";

/**
 * A retest of an answer this rater rated (its text as it is now) in this queue at least the queue's
 * retest_min_hours ago (by the database's clock), when one is due at the
 * queue's retest share (quality-due.ts), held for them under a new blind code
 * stored on the assignment; null when none. Only the rater who gave the first
 * rating is ever offered it, once. The answers come in an order of the rater's
 * own (a hash of the queue's seed, the rater and the item).
 */
export async function claimRetest(tx: Prisma.TransactionClient, queue: QualityQueue, userId: string): Promise<string | null> {
  if (queue.retest_share === null) return null;
  const mine = await givenInQueue(tx, queue.id, userId);
  if (!retestDue(queue.retest_share, mine.rated, mine.retests)) return null;

  const passedOver: string[] = [];
  // Ends: each turn returns or passes over one more of the rater's rated items.
  for (;;) {
    const [candidate] = await tx.$queryRaw<{ id: string; blind_code: string | null }[]>`
      SELECT qi.id, t.blind_code FROM assignments a
      JOIN queue_items qi ON qi.id = a.queue_item_id
      LEFT JOIN assignments t ON t.queue_item_id = qi.id AND t.user_id = a.user_id AND t.purpose = 'retest'
      WHERE qi.queue_id = ${queue.id}::uuid AND a.user_id = ${userId}::uuid AND a.purpose = 'rating' AND a.status = 'submitted'
        AND a.submitted_at <= now() - make_interval(hours => ${queue.retest_min_hours})
        -- Only a rating of the answer's text as it is now: a retest of a replaced text would pair two texts.
        AND EXISTS (SELECT 1 FROM ratings g JOIN responses r ON r.id = g.response_id WHERE g.assignment_id = a.id AND g.answer_version = r.version)
        AND (t.id IS NULL OR t.status = 'expired' OR (t.status = 'active' AND t.lease_expires_at <= now()))
        AND NOT (qi.id = ANY(${passedOver}::uuid[]))
      ORDER BY md5(${queue.seed} || ${userId} || qi.id::text)
      LIMIT 1
      FOR UPDATE OF qi SKIP LOCKED`;
    if (!candidate) return null;
    // A lapsed retest hold keeps the code it was first shown under.
    const held = await holdForPurpose(tx, queue, userId, candidate.id, "retest", candidate.blind_code ?? (await freshBlindCode(tx)));
    if (held) return held;
    passedOver.push(candidate.id);
  }
}

/** A new blind code that no answer and no assignment carries yet (a clash is about a 2⁻⁶⁰ chance; checked all the same). */
async function freshBlindCode(tx: Prisma.TransactionClient): Promise<string> {
  for (;;) {
    const code = newBlindCode();
    const [row] = await tx.$queryRaw<{ taken: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM responses WHERE blind_code = ${code}) OR EXISTS (SELECT 1 FROM assignments WHERE blind_code = ${code}) AS taken`;
    if (!row?.taken) return code;
  }
}
