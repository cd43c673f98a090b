import "server-only";
import { itemRatingsSql, needsAdjudicationSql } from "@/lib/adjudication";
import { Prisma } from "@/lib/db/prisma";
import { doneBy } from "./claimable";
import { holdForPurpose, type QualityQueue } from "./quality-claim";
import { takenSlots } from "./submit";

/**
 * An answer of the queue waiting for adjudication that this rater may
 * adjudicate, held for them; null when none (or adjudication is off).
 *
 * Waiting: a k-rated item (not gold) with at least k submitted ratings that
 * need adjudication under the queue's rule (lib/stats/consensus.ts, here as
 * SQL), no submitted adjudication and no live adjudication hold. This rater
 * may take it when they are a named adjudicator of the queue, or, when none
 * are named, a pool member; never when they rated the answer in any queue of
 * the study, hold it in another queue, or skipped its adjudication. The item
 * row is locked FOR UPDATE SKIP LOCKED and its adjudication slot re-counted
 * while held, as the ordinary claim does: one adjudicator per answer. When the
 * only items waiting are held for a moment by other transactions (an original
 * rater's edit, another claim), it waits for one rather than answer "none":
 * a named adjudicator outside the pool has nothing else to be given.
 */
export async function claimAdjudication(tx: Prisma.TransactionClient, queue: QualityQueue, userId: string): Promise<string | null> {
  if (queue.adjudication_threshold === null) return null;
  const user = Prisma.sql`${userId}::uuid`;
  const passedOver: string[] = [];
  let lock = Prisma.sql`FOR UPDATE OF qi SKIP LOCKED`;
  // Ends: each turn returns or passes over one more item of the queue (waiting at most once per item).
  for (;;) {
    const [candidate] = await tx.$queryRaw<{ id: string }[]>`
      SELECT qi.id FROM queue_items qi JOIN queues q ON q.id = qi.queue_id
      WHERE qi.queue_id = ${queue.id}::uuid AND NOT qi.gold AND NOT (qi.id = ANY(${passedOver}::uuid[]))
        AND (EXISTS (SELECT 1 FROM queue_adjudicators qa WHERE qa.queue_id = q.id AND qa.user_id = ${user})
             OR (NOT EXISTS (SELECT 1 FROM queue_adjudicators qa WHERE qa.queue_id = q.id)
                 AND EXISTS (SELECT 1 FROM queue_raters qr WHERE qr.queue_id = q.id AND qr.user_id = ${user})))
        AND (SELECT count(*) FROM assignments ra WHERE ra.queue_item_id = qi.id AND ra.purpose = 'rating' AND ra.status = 'submitted') >= q.ratings_per_item
        AND ${needsAdjudicationSql(itemRatingsSql(Prisma.raw("qi.id")), Prisma.raw("q.adjudication_threshold"), Prisma.raw("q.adjudicate_actions"))}
        AND NOT EXISTS (SELECT 1 FROM assignments d WHERE d.queue_item_id = qi.id AND d.purpose = 'adjudication'
                          AND (d.status = 'submitted' OR (d.status = 'active' AND d.lease_expires_at > now()) OR (d.status = 'skipped' AND d.user_id = ${user})))
        AND NOT ${doneBy(user)}
        AND qi.response_id NOT IN (
          SELECT e.response_id FROM assignments h JOIN queue_items e ON e.id = h.queue_item_id
          WHERE h.user_id = ${user} AND h.status = 'active' AND h.lease_expires_at > now())
      ORDER BY md5(${queue.seed} || ${userId} || qi.id::text)
      LIMIT 1
      ${lock}`;
    if (!candidate) {
      if (lock.sql.includes("SKIP LOCKED")) {
        // SKIP LOCKED passed by the rows other transactions hold: look once more, waiting for them.
        lock = Prisma.sql`FOR UPDATE OF qi`;
        continue;
      }
      return null;
    }
    // The row is ours now; this count sees every adjudication committed before we got it.
    if ((await takenSlots(tx, candidate.id, "adjudication", null)) > 0) {
      passedOver.push(candidate.id);
      continue;
    }
    const held = await holdForPurpose(tx, queue, userId, candidate.id, "adjudication");
    if (held) return held;
    passedOver.push(candidate.id);
  }
}
