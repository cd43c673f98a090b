import "server-only";
import type { Prisma } from "@/lib/db/prisma";
import { goldDue } from "./quality-due";
import { givenInQueue, holdForPurpose, type QualityQueue } from "./quality-claim";

/**
 * A gold item for this rater when one is due at the queue's gold rate
 * (quality-due.ts), held for them; null when none is due or none is left.
 * Candidates: the study's answers with gold scores whose scenario the queue's
 * filter keeps (its categories and scenarios: an off-topic case would stand out
 * as gold; the model, which the rater never sees, is not asked), that are not
 * k-rated items of this queue, that the rater has not
 * rated, rated as a quality item, found impossible to assess anywhere, or
 * skipped as a gold item here, and does not hold anywhere in the study. They
 * come in an order of the rater's own (a hash of the queue's seed, the rater
 * and the answer). The gold queue item is created on first use; what the
 * rater receives is the answer's own blind code and texts, as for any claim.
 */
export async function claimGold(tx: Prisma.TransactionClient, queue: QualityQueue, userId: string): Promise<string | null> {
  if (queue.gold_rate === null) return null;
  const mine = await givenInQueue(tx, queue.id, userId);
  if (!goldDue(queue.gold_rate, mine.rated, mine.gold)) return null;

  const passedOver: string[] = [];
  // Ends: each turn returns or passes over one more gold answer of the study.
  for (;;) {
    const [candidate] = await tx.$queryRaw<{ response_id: string }[]>`
      SELECT g.response_id FROM gold_scores g
      WHERE g.study_id = ${queue.study_id}::uuid AND NOT (g.response_id = ANY(${passedOver}::uuid[]))
        AND NOT EXISTS (SELECT 1 FROM queue_items k WHERE k.queue_id = ${queue.id}::uuid AND k.response_id = g.response_id AND NOT k.gold)
        AND EXISTS (SELECT 1 FROM responses r JOIN scenarios s ON s.id = r.scenario_id JOIN queues q ON q.id = ${queue.id}::uuid
                    WHERE r.id = g.response_id
                      AND (q.filter->'categories' IS NULL OR s.category IN (SELECT jsonb_array_elements_text(q.filter->'categories')))
                      AND (q.filter->'scenarios' IS NULL OR s.external_id IN (SELECT jsonb_array_elements_text(q.filter->'scenarios'))))
        AND NOT EXISTS (SELECT 1 FROM ratings r JOIN raters rt ON rt.id = r.rater_id
                        WHERE r.response_id = g.response_id AND rt.user_id = ${userId}::uuid)
        AND NOT EXISTS (SELECT 1 FROM quality_ratings qr WHERE qr.response_id = g.response_id AND qr.user_id = ${userId}::uuid)
        AND NOT EXISTS (SELECT 1 FROM assignments a JOIN queue_items e ON e.id = a.queue_item_id
                        WHERE e.response_id = g.response_id AND a.user_id = ${userId}::uuid
                          AND ((a.status = 'active' AND a.lease_expires_at > now()) OR a.status = 'cannot_assess'
                               OR (e.queue_id = ${queue.id}::uuid AND a.purpose = 'gold' AND a.status = 'skipped')))
      ORDER BY md5(${queue.seed} || ${userId} || g.response_id::text)
      LIMIT 1`;
    if (!candidate) return null;
    await tx.$executeRaw`
      INSERT INTO queue_items (id, queue_id, response_id, gold)
      VALUES (tandem_uuid_v7(), ${queue.id}::uuid, ${candidate.response_id}::uuid, true)
      ON CONFLICT (queue_id, response_id) DO NOTHING`;
    // Gold items have no slots to count: the lock only keeps a concurrent change of the item out.
    const [item] = await tx.$queryRaw<{ id: string; gold: boolean }[]>`
      SELECT id, gold FROM queue_items WHERE queue_id = ${queue.id}::uuid AND response_id = ${candidate.response_id}::uuid FOR UPDATE`;
    const held = item?.gold ? await holdForPurpose(tx, queue, userId, item.id, "gold") : null;
    if (held) return held;
    passedOver.push(candidate.response_id);
  }
}
