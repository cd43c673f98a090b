// What must hold of a queue while raters claim and rate it, in SQL, for the
// concurrency tests and the queue benchmark alike. Positional parameters.

/** Live slots of an item: its submitted assignments and its holds whose lease runs. */
const LIVE_SLOTS = `(SELECT count(*) FROM assignments a WHERE a.queue_item_id = qi.id
    AND (a.status = 'submitted' OR (a.status = 'active' AND a.lease_expires_at > now())))`;

/**
 * `open`: how many items of queue $1 rater $2 (a user id) could still claim —
 * a slot free of the $3 ratings asked per item, and never claimed, rated or
 * skipped by them. Right after that rater's claim answered 204 it must be 0.
 */
export const STILL_CLAIMABLE_SQL = `
  SELECT count(*)::int AS open FROM queue_items qi
  WHERE qi.queue_id = $1::uuid
    AND NOT EXISTS (SELECT 1 FROM assignments mine WHERE mine.queue_item_id = qi.id AND mine.user_id = $2::uuid)
    AND ${LIVE_SLOTS} < $3`;

/**
 * Items of queue $1 with more physician ratings than the $2 asked (`over`),
 * rated twice by one rater (`twice`), and with fewer (`short`).
 */
export const QUEUE_FILL_SQL = `
  SELECT count(*) FILTER (WHERE ratings > $2)::int AS over, count(*) FILTER (WHERE raters < ratings)::int AS twice,
         count(*) FILTER (WHERE ratings < $2)::int AS short
  FROM (SELECT qi.id, count(g.id) AS ratings, count(DISTINCT g.rater_id) AS raters
        FROM queue_items qi LEFT JOIN ratings g ON g.response_id = qi.response_id AND g.rater_kind = 'physician'
        WHERE qi.queue_id = $1::uuid GROUP BY qi.id) per_item`;

/** `raters`: how many raters hold more than one live assignment in queue $1 right now. */
export const DOUBLE_HOLDS_SQL = `
  SELECT count(*)::int AS raters FROM (
    SELECT a.user_id FROM assignments a JOIN queue_items qi ON qi.id = a.queue_item_id
    WHERE qi.queue_id = $1::uuid AND a.status = 'active' AND a.lease_expires_at > now()
    GROUP BY a.user_id HAVING count(*) > 1) holders`;

export interface QueueFill {
  over: number;
  twice: number;
  short: number;
}

/**
 * `drift`: items of queue $1 whose stored `ratings_missing` (kept by a trigger on
 * assignments) differs from a recount: k less its submitted `rating`
 * assignments, 0 for a gold item. Must be 0 after any write.
 */
export const RATINGS_MISSING_DRIFT_SQL = `
  SELECT count(*)::int AS drift FROM queue_items qi JOIN queues q ON q.id = qi.queue_id
  WHERE qi.queue_id = $1::uuid
    AND qi.ratings_missing <> CASE WHEN qi.gold THEN 0 ELSE q.ratings_per_item - (
      SELECT count(*) FROM assignments a WHERE a.queue_item_id = qi.id AND a.purpose = 'rating' AND a.status = 'submitted') END`;
