import "server-only";
import { prisma } from "@/lib/db/prisma";
import type { AnswerCounts } from "./results";
import type { ResultsScope } from "./scope";
import { BUCKET_MINUTES, type PairCell, type SliceCell, type TimeSlicing } from "./tables";

/**
 * The unfiltered results read from the per-study aggregates that triggers
 * keep (the study_aggregates migration): a few hundred rows at most,
 * however many answers the study has. They count what the live queries
 * count without a filter: each answer's current text only, its first two
 * physician ratings as the pooled pair, every physician rating of it in the
 * ratings per physician, machine scores against the pair's two sides. A row
 * counted down to 0 is skipped, as the live queries have no such row.
 */

/** True when the scope is the whole study as it is now: no queue, model, category or framing, earlier texts left out. */
export const readsAggregates = (scope: ResultsScope) =>
  scope.queueId === null && scope.model === null && scope.models === null && scope.category === null && scope.framing === null && scope.queuedOnly !== true && scope.earlierVersions === "exclude";

export async function aggregateAnswerCounts(studyId: string): Promise<AnswerCounts> {
  const [row] = await prisma.$queryRaw<{ answers: number; one: number; two: number }[]>`
    SELECT answers, one_rating AS one, two_or_more AS two FROM study_tallies WHERE study_id = ${studyId}::uuid`;
  const { answers, one, two } = row ?? { answers: 0, one: 0, two: 0 };
  return { answers, by_ratings: { none: answers - one - two, one, two_or_more: two } };
}

export function aggregatePhysicianCounts(studyId: string) {
  return prisma.$queryRaw<{ rater_id: string; name: string; ratings: number }[]>`
    SELECT t.rater_id, rt.name, t.ratings FROM study_physician_tallies t JOIN raters rt ON rt.id = t.rater_id
    WHERE t.study_id = ${studyId}::uuid AND t.ratings > 0 ORDER BY rt.name`;
}

/*
 * The pair and machine cells are read one scale at a time: a row counts one
 * scale's two scores, the other scale's are -1, which leaves the row out of
 * that scale's table (as a score that could not be given is). The same tables
 * as the cells of both scores, from a few dozen rows a pair instead of one per
 * combination of four scores (the rows PostgreSQL sends, and the driver reads,
 * are most of these reads' time).
 */

export function aggregatePairCells(studyId: string) {
  return prisma.$queryRaw<(PairCell & { a: string; b: string })[]>`
    WITH c AS (SELECT * FROM study_pair_cells WHERE study_id = ${studyId}::uuid AND count > 0),
    scales AS (
      SELECT rater_x, rater_y, oh_a, oh_b, -1 AS ch_a, -1 AS ch_b, sum(count)::int AS count FROM c GROUP BY 1, 2, 3, 4
      UNION ALL
      SELECT rater_x, rater_y, -1, -1, ch_a, ch_b, sum(count)::int FROM c GROUP BY 1, 2, 5, 6
    )
    SELECT ra.name AS a, rb.name AS b, s.oh_a::int, s.oh_b::int, s.ch_a::int, s.ch_b::int, s.count
    FROM scales s JOIN raters ra ON ra.id = s.rater_x JOIN raters rb ON rb.id = s.rater_y ORDER BY ra.name, rb.name`;
}

export function aggregateMachineCells(studyId: string) {
  return prisma.$queryRaw<(PairCell & { rater: string })[]>`
    WITH c AS (SELECT * FROM study_machine_cells WHERE study_id = ${studyId}::uuid AND count > 0),
    scales AS (
      SELECT rater_id, oh_a, oh_b, -1 AS ch_a, -1 AS ch_b, sum(count)::int AS count FROM c GROUP BY 1, 2, 3
      UNION ALL
      SELECT rater_id, -1, -1, ch_a, ch_b, sum(count)::int FROM c GROUP BY 1, 4, 5
    )
    SELECT m.name AS rater, s.oh_a::int, s.oh_b::int, s.ch_a::int, s.ch_b::int, s.count
    FROM scales s JOIN raters m ON m.id = s.rater_id ORDER BY m.name`;
}

export function aggregateActionCells(studyId: string) {
  return prisma.$queryRaw<{ a: string; b: string; count: number }[]>`
    SELECT a::text, b::text, count FROM study_action_cells WHERE study_id = ${studyId}::uuid AND count > 0`;
}

/** The first and last finest time buckets with a pooled pair (two physician ratings of a current text); null without one. */
export async function aggregateTimeSpan(studyId: string): Promise<{ first: number; last: number } | null> {
  const [span] = await prisma.$queryRaw<{ first: number | null; last: number | null }[]>`
    SELECT min(bucket) AS first, max(bucket) AS last FROM study_time_cells
    WHERE study_id = ${studyId}::uuid AND minutes = ${BUCKET_MINUTES[0]}::smallint AND count > 0`;
  return span?.first == null || span.last == null ? null : { first: span.first, last: span.last };
}

/** Each scale's pooled pairs per slice of `slicing`, summed from its buckets. */
export function aggregateTimeCells(studyId: string, { minutes, first, width }: TimeSlicing) {
  return prisma.$queryRaw<SliceCell[]>`
    SELECT ((bucket - ${first}::int) / ${width}::int)::int AS slice, max(bucket)::int AS last, scale, a::int, b::int, sum(count)::int AS count
    FROM study_time_cells WHERE study_id = ${studyId}::uuid AND minutes = ${minutes}::smallint AND count > 0
    GROUP BY 1, 3, 4, 5`;
}
