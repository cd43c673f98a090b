import "server-only";
import { prisma, Prisma } from "@/lib/db/prisma";

/**
 * The one rule for what is left: what a rater may still claim in a queue, and
 * which answers of a queue its pool can still complete. The claim, My queues,
 * the rater's workspace, the queue page and GET /api/v1/queues/{id} all count
 * with these fragments, so they agree.
 *
 * For a rater and an item of a queue (k ratings per item):
 * - done by the rater: they submitted, skipped or could not assess it in this
 *   queue, or rated its answer in any queue of the study (one rating per answer
 *   per study), or rated it as a gold item or adjudicated it, or could not
 *   assess it in any queue of the study. A skip or a cannot-assess is done for
 *   that rater: it never comes back to them, and its slot is free for another;
 * - eligible: a pool member, active, for whom the item is not done;
 * - claimable: eligible, holding no live lease on the same answer in any queue
 *   of the study, and the item has fewer than k live slots (submitted, or held
 *   under a live lease). A skipped or lapsed slot is free again.
 * Slots and "done" count only the queue's own ratings (purpose `rating`) of its
 * k-rated items (not gold items): an adjudication, a gold item or a retest is
 * an assignment of its own, outside the k (quality-claim.ts).
 * An item is short of k while fewer than k ratings were submitted for it. It is
 * waiting while the raters holding it plus the eligible raters not holding it
 * could still give the missing ratings; otherwise no eligible rater is left for
 * it (e.g. every pool member has rated or skipped it).
 */

/** SQL for a queue, a user and k: a bound value (`${id}::uuid`) or a column of the surrounding query. */
export interface Subject {
  queue: Prisma.Sql;
  user: Prisma.Sql;
  k: Prisma.Sql;
}

export const boundSubject = (queueId: string, userId: string, k: number): Subject => ({
  queue: Prisma.sql`${queueId}::uuid`,
  user: Prisma.sql`${userId}::uuid`,
  k: Prisma.sql`${k}::int`,
});

/** The user's physician rater id, or NULL before their first rating. */
const raterOf = (user: Prisma.Sql) => Prisma.sql`(SELECT id FROM raters WHERE user_id = ${user})`;

/**
 * Item `qi` is done by the user: submitted or skipped here, or its answer rated
 * by them (or quality-rated), or found impossible to assess by them, anywhere
 * in the study.
 */
export const doneBy = (user: Prisma.Sql) => Prisma.sql`(
  EXISTS (SELECT 1 FROM assignments mine WHERE mine.queue_item_id = qi.id AND mine.user_id = ${user}
            AND mine.purpose = 'rating' AND mine.status IN ('submitted', 'skipped'))
  OR EXISTS (SELECT 1 FROM assignments ca JOIN queue_items cq ON cq.id = ca.queue_item_id
             WHERE cq.response_id = qi.response_id AND ca.user_id = ${user} AND ca.status = 'cannot_assess')
  OR EXISTS (SELECT 1 FROM ratings g WHERE g.response_id = qi.response_id AND g.rater_id = ${raterOf(user)})
  OR EXISTS (SELECT 1 FROM quality_ratings qq WHERE qq.response_id = qi.response_id AND qq.user_id = ${user}))`;

/** Live slots of item `qi` among its k: submitted, or held under a live lease. */
const liveSlots = Prisma.sql`(SELECT count(*) FROM assignments a WHERE a.queue_item_id = qi.id AND a.purpose = 'rating'
  AND (a.status = 'submitted' OR (a.status = 'active' AND a.lease_expires_at > now())))`;

/**
 * Item `qi` of the subject's queue that the user may claim now (pool membership
 * is checked by the caller). The one-statement claim asks the same of the SQL
 * function tandem_claimable_item: change both together. `ratings_missing > 0` (fewer than k submitted,
 * kept by a trigger on assignments) follows from the live-slot count; it lets
 * the query read the queue's open items only, through their partial index.
 */
export const claimable = ({ queue, user, k }: Subject) => Prisma.sql`
  qi.queue_id = ${queue} AND NOT qi.gold AND qi.ratings_missing > 0
  AND NOT ${doneBy(user)}
  AND qi.response_id NOT IN (
    SELECT e.response_id FROM assignments h JOIN queue_items e ON e.id = h.queue_item_id
    WHERE h.user_id = ${user} AND h.status = 'active' AND h.lease_expires_at > now())
  AND ${liveSlots} < ${k}`;

/**
 * One rater's progress in one queue. rated, skipped and holding count every
 * kind of assignment (a gold item, a retest or an adjudication is an answer
 * rated like any other). `left` counts what they may still claim plus their
 * live hold of one of the queue's own items, so it moves the same way whatever
 * kind of item they hold: a rater cannot tell a quality item from the counts
 * while they rate it.
 */
export interface RaterCounts {
  queueId: string;
  userId: string;
  rated: number;
  skipped: number;
  holding: number;
  left: number;
  /** The queue mixes in gold items, retests or adjudications. */
  mixesQuality: boolean;
}

/**
 * Rated, skipped, holding and left for each (queue, rater) pair asked: the
 * numbers My queues, the workspace, the queue page and the API show.
 */
export async function raterCounts(pairs: { queueId: string; userId: string }[]): Promise<RaterCounts[]> {
  if (pairs.length === 0) return [];
  const queueIds = pairs.map((p) => p.queueId);
  const userIds = pairs.map((p) => p.userId);
  const subject: Subject = { queue: Prisma.raw("p.queue_id"), user: Prisma.raw("p.user_id"), k: Prisma.raw("q.ratings_per_item") };
  return prisma.$queryRaw<RaterCounts[]>`
    SELECT p.queue_id AS "queueId", p.user_id AS "userId",
           coalesce(mine.rated, 0)::int AS rated, coalesce(mine.skipped, 0)::int AS skipped, coalesce(mine.holding, 0)::int AS holding,
           (coalesce(mine.holding_own, 0) + (SELECT count(*) FROM queue_items qi WHERE ${claimable(subject)}))::int AS "left",
           (q.gold_rate IS NOT NULL OR q.retest_share IS NOT NULL OR q.adjudication_threshold IS NOT NULL) AS "mixesQuality"
    FROM unnest(${queueIds}::uuid[], ${userIds}::uuid[]) AS p(queue_id, user_id)
    JOIN queues q ON q.id = p.queue_id
    LEFT JOIN LATERAL (
      SELECT count(*) FILTER (WHERE a.status = 'submitted') AS rated,
             count(*) FILTER (WHERE a.status = 'skipped') AS skipped,
             count(*) FILTER (WHERE a.status = 'active' AND a.lease_expires_at > now()) AS holding,
             count(*) FILTER (WHERE a.status = 'active' AND a.lease_expires_at > now() AND a.purpose = 'rating') AS holding_own
      FROM assignments a JOIN queue_items qa ON qa.id = a.queue_item_id
      WHERE qa.queue_id = p.queue_id AND a.user_id = p.user_id) mine ON true`;
}

/** Why an answer is short of k: the pool can still complete it, or it cannot. */
export type ShortReason = "waiting" | "no_eligible_rater";

/** One answer of a queue short of k, with what stands in its way. */
export interface ShortItemRow {
  queue_item_id: string;
  response_id: string;
  submitted: number;
  holding: number;
  eligible: number;
  reason: ShortReason;
}

/**
 * The answers of a queue short of k: ratings submitted, raters holding it,
 * eligible raters not holding it, and the reason. `excludeUser` leaves one
 * pool member out (and their holds), to ask what removing them would leave.
 */
export function shortItemsSql(queueId: string, options: { excludeUser?: string } = {}) {
  const excluded = options.excludeUser ?? null;
  const user = Prisma.raw("qr.user_id");
  return Prisma.sql`
    SELECT qi.id AS queue_item_id, qi.response_id, s.submitted::int, s.holding::int, e.eligible::int,
           CASE WHEN s.holding + e.eligible >= q.ratings_per_item - s.submitted THEN 'waiting' ELSE 'no_eligible_rater' END AS reason
    FROM queue_items qi
    JOIN queues q ON q.id = qi.queue_id
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE a.status = 'submitted') AS submitted,
             count(*) FILTER (WHERE a.status = 'active' AND a.lease_expires_at > now()
                              AND a.user_id IS DISTINCT FROM ${excluded}::uuid) AS holding
      FROM assignments a WHERE a.queue_item_id = qi.id AND a.purpose = 'rating') s
    CROSS JOIN LATERAL (
      SELECT count(*) AS eligible
      FROM queue_raters qr JOIN users u ON u.id = qr.user_id
      WHERE qr.queue_id = qi.queue_id AND u.active AND u.role = 'rater' AND qr.user_id IS DISTINCT FROM ${excluded}::uuid
        AND NOT ${doneBy(user)}
        AND NOT EXISTS (SELECT 1 FROM assignments h WHERE h.queue_item_id = qi.id AND h.user_id = qr.user_id
                          AND h.purpose = 'rating' AND h.status = 'active' AND h.lease_expires_at > now())) e
    WHERE qi.queue_id = ${queueId}::uuid AND NOT qi.gold AND s.submitted < q.ratings_per_item`;
}
