import "server-only";
import { prisma, Prisma } from "@/lib/db/prisma";
import { RaterKind } from "@/lib/db/generated/enums";
import { addCells, emptyMatrix, type Matrix } from "@/lib/stats/agreement";
import type { AgreementFigures } from "@/lib/stats/summary";
import { groupBy } from "@/lib/collections";
import { studyCategories, studyFramings, studyModels } from "@/features/studies/facets";
import { namedPairCells } from "./named-pair";
import { pairFigures } from "./precision";
import { comparableRaters } from "./raters";
import { answersInScope, pairsInScope, ratingsOfCountedVersions, resolveScope, type ResultsFilter, type ResultsScope } from "./scope";
import { ACTION_RESULT_INDEX, BUCKET_MINUTES, cumulativeAgreement, judgeFigures, scaleMatrices, timeSlices, timeSlicing, type OverTimePoint, type PairCell, type SliceCell, type TimeSlice, type TimeSlicing } from "./tables";
import { studyConsensus } from "@/lib/adjudication";
import { summariseConsensus, type AdjudicationSummary } from "@/lib/stats/consensus";
import { memoized } from "./memo";
import { SCALES, type Scale } from "./scales";
import { aggregateActionCells, aggregateAnswerCounts, aggregateMachineCells, aggregatePairCells, aggregatePhysicianCounts, aggregateTimeCells, aggregateTimeSpan, readsAggregates } from "./aggregates";

/** The pair and machine tables show no intervals; their bootstrap would cost ~50 ms a table. */
const POINT_ONLY = { intervals: false } as const;

/** The pooled tables' figures with their bootstrap intervals (~0.2 s a table), and the over-time series: the same tables give the same figures. */
const pooledFigures = memoized((matrix: Matrix) => pairFigures(matrix), (matrix) => JSON.stringify(matrix));
const overTimeFigures = memoized(cumulativeAgreement, (buckets, k) => JSON.stringify([k, buckets]));

export interface ScaleFigures extends AgreementFigures {
  /** OH of a machine rater against physicians only: of the pairs where the physician gave OH ≥ 1, the share where the machine gave 0. */
  judge_miss_rate?: number | null;
  /** The machine rater judge_miss_rate is of; present with it. */
  judge?: string;
}

/** Answers by how many physician ratings (of their current text) they have. */
export interface AnswerCounts {
  answers: number;
  by_ratings: { none: number; one: number; two_or_more: number };
}

export interface StudyResults {
  scope: ResultsScope;
  generated_at: string;
  /** answers and by_ratings count every answer in scope, queued or not; queued counts only those in a queue (the named one, else any of the study's). */
  progress: AnswerCounts & {
    queued: AnswerCounts;
    median_seconds: number | null;
    physicians: { name: string; ratings: number; median_seconds: number | null }[];
  };
  /** Pooled physician pairs: each answer's first submitted rating is A, the second B. */
  pooled: { omission_harm: ScaleFigures & { over_time: OverTimePoint[] }; commission_harm: ScaleFigures & { over_time: OverTimePoint[] } };
  /** Point figures (ci95 empty) per pair of physicians over their pooled pairs. */
  physician_pairs: { a: string; b: string; omission_harm: AgreementFigures; commission_harm: AgreementFigures }[];
  /** Point figures (ci95 empty): each of an answer's first two physician ratings against each machine rater's score. */
  machines: { rater: string; omission_harm: ScaleFigures; commission_harm: AgreementFigures }[];
  /** hit/partial/miss of the pooled pairs, pooled over the critical actions (miss 0, partial 1, hit 2). */
  critical_actions: AgreementFigures;
  /** Two chosen raters on the answers in scope that both rated (A = raterA); null unless both were named. */
  named_pair: { a: string; b: string; omission_harm: ScaleFigures; commission_harm: AgreementFigures } | null;
  /** Consensus of the answers of the study's queues (or the chosen queue) with their k ratings; the other filters do not apply. */
  adjudication: AdjudicationSummary;
}

/** The answers in scope by how many physician ratings their current text has. */
async function answerCounts(scope: ResultsScope): Promise<AnswerCounts> {
  // pooled_pairs has a row per answer with a physician rating: its first two raters, and how many there are.
  const [[total], rated] = await Promise.all([
    prisma.$queryRaw<{ answers: number }[]>`
      SELECT count(*)::int AS answers FROM responses r LEFT JOIN scenarios s ON s.id = r.scenario_id WHERE ${answersInScope(scope)}`,
    prisma.$queryRaw<{ ratings: number; answers: number }[]>`
      SELECT LEAST(p.ratings, 2)::int AS ratings, count(*)::int AS answers FROM ${pairsInScope({ ...scope, earlierVersions: "exclude" }, 1)} GROUP BY 1`,
  ]);
  const count = (ratings: number) => rated.find((c) => c.ratings === ratings)?.answers ?? 0;
  const answers = total?.answers ?? 0;
  return { answers, by_ratings: { none: answers - count(1) - count(2), one: count(1), two_or_more: count(2) } };
}

async function progress(scope: ResultsScope, aggregates: boolean): Promise<StudyResults["progress"]> {
  const [all, queued, counts, times] = await Promise.all([
    aggregates ? aggregateAnswerCounts(scope.studyId) : answerCounts(scope),
    // With a queue chosen, every answer in scope is in it already.
    scope.queueId === null ? answerCounts({ ...scope, queuedOnly: true }) : null,
    // Every physician rating of a version of an answer is its first, its second, or a later one.
    aggregates ? aggregatePhysicianCounts(scope.studyId) : prisma.$queryRaw<{ rater_id: string; name: string; ratings: number }[]>`
      WITH pairs AS (SELECT p.response_id, p.answer_version, p.ratings, p.rater_a, p.rater_b FROM ${pairsInScope(scope, 1)}),
      raters_of AS (
        SELECT side.rater FROM pairs p CROSS JOIN LATERAL (VALUES (p.rater_a), (p.rater_b)) AS side(rater) WHERE side.rater IS NOT NULL
        UNION ALL
        SELECT g.rater_id FROM pairs p
        JOIN ratings g ON g.response_id = p.response_id AND g.answer_version = p.answer_version AND g.rater_kind = 'physician'
        WHERE p.ratings > 2 AND g.rater_id <> p.rater_a AND g.rater_id <> p.rater_b
      ), counted AS (SELECT rater AS rater_id, count(*)::int AS ratings FROM raters_of GROUP BY rater)
      SELECT c.rater_id, rt.name, c.ratings FROM counted c JOIN raters rt ON rt.id = c.rater_id ORDER BY rt.name`,
    // Active time per rating: from claim to first submission less the time the tab was hidden, so only ratings given through a queue have one.
    prisma.$queryRaw<{ rater_id: string | null; median_seconds: number | null }[]>`
      SELECT g.rater_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY a.active_seconds) AS median_seconds
      FROM assignments a JOIN ratings g ON g.assignment_id = a.id
      JOIN responses r ON r.id = g.response_id LEFT JOIN scenarios s ON s.id = r.scenario_id
      WHERE ${answersInScope(scope)} AND ${ratingsOfCountedVersions(scope, "g")} AND a.active_seconds IS NOT NULL
      GROUP BY ROLLUP (g.rater_id)`,
  ]);
  const median = new Map(times.map((t) => [t.rater_id, t.median_seconds]));
  return {
    ...all,
    queued: queued ?? all,
    // ROLLUP's row without a rater is every physician together.
    median_seconds: median.get(null) ?? null,
    physicians: counts.map((c) => ({ name: c.name, ratings: c.ratings, median_seconds: median.get(c.rater_id) ?? null })),
  };
}

/**
 * The first and last finest time buckets (by when the second rating was
 * given) of the study's pooled pairs, of current texts unless earlier ones
 * are included; null without one. The model, category, framing and queue
 * filters do not narrow it: a filtered chart is sliced as the whole study's
 * is, and the span is two reads of the (study_id, completed_at) index rather
 * than a pass over the pairs in scope. Unfiltered, it is the span the
 * aggregate's reader finds.
 */
async function pooledSpan(scope: ResultsScope): Promise<{ first: number; last: number } | null> {
  const versions = scope.earlierVersions === "include" ? Prisma.empty : Prisma.sql`AND current`;
  const [span] = await prisma.$queryRaw<{ first: number | null; last: number | null }[]>`
    SELECT floor(date_part('epoch', min(completed_at)) / ${BUCKET_MINUTES[0] * 60}::int)::int AS first,
           floor(date_part('epoch', max(completed_at)) / ${BUCKET_MINUTES[0] * 60}::int)::int AS last
    FROM pooled_pairs WHERE study_id = ${scope.studyId}::uuid AND ratings >= 2 ${versions}`;
  return span?.first == null || span.last == null ? null : { first: span.first, last: span.last };
}

/**
 * The pooled pairs in scope per slice of `slicing`, counted as the
 * study_time_cells aggregate counts them: a pair is in the bucket of its
 * completed_at, the bucket in its slice.
 */
function pooledSliceCells(scope: ResultsScope, { minutes, first, width }: TimeSlicing) {
  // Grouped by one integer (slice and the four scores, -1 to 4 for OH and -1 to 3 for CH: 6 · 6 · 5 · 5 = 900
  // codes a slice), which PostgreSQL counts in a hash table; grouped by the five expressions it sorts every pair.
  // date_part gives a float8; EXTRACT gives a numeric, several times slower over a million rows.
  return prisma.$queryRaw<SliceCell[]>`
    WITH c AS (
      SELECT ((floor(date_part('epoch', p.completed_at) / ${minutes * 60}::int)::int - ${first}::int) / ${width}::int) * 900
             + (p.oh_a + 1) * 150 + (p.oh_b + 1) * 25 + (p.ch_a + 1) * 5 + (p.ch_b + 1) AS key,
             max(p.completed_at) AS until, count(*)::int AS count
      FROM ${pairsInScope(scope, 2)} GROUP BY 1
    )
    SELECT (c.key / 900)::int AS slice, floor(date_part('epoch', c.until) / ${minutes * 60}::int)::int AS last, s.scale, s.a::int, s.b::int, c.count
    FROM c CROSS JOIN LATERAL (VALUES ('omission_harm', (c.key % 900) / 150 - 1, (c.key % 150) / 25 - 1), ('commission_harm', (c.key % 25) / 5 - 1, c.key % 5 - 1)) AS s(scale, a, b)`;
}

/**
 * The pooled pairs (each answer's first and second physician rating) in
 * scope, in slices of time: whole buckets of the span from the first
 * completed pair to the last (timeSlicing). Without a filter from the
 * study_time_cells aggregate, else counted from the pairs; the same slices
 * either way.
 */
async function pooledSlices(scope: ResultsScope, aggregates: boolean): Promise<TimeSlice[]> {
  const span = aggregates ? await aggregateTimeSpan(scope.studyId) : await pooledSpan(scope);
  if (span === null) return [];
  const slicing = timeSlicing(span.first, span.last);
  return timeSlices(aggregates ? await aggregateTimeCells(scope.studyId, slicing) : await pooledSliceCells(scope, slicing), slicing);
}

/** The pooled pairs per pair of physicians, A being the one with the lower rater id. */
async function physicianPairCells(scope: ResultsScope) {
  return prisma.$queryRaw<(PairCell & { a: string; b: string })[]>`
    WITH oriented AS (
      SELECT LEAST(p.rater_a, p.rater_b) AS x, GREATEST(p.rater_a, p.rater_b) AS y,
             CASE WHEN p.rater_a < p.rater_b THEN p.oh_a ELSE p.oh_b END AS oh_a, CASE WHEN p.rater_a < p.rater_b THEN p.oh_b ELSE p.oh_a END AS oh_b,
             CASE WHEN p.rater_a < p.rater_b THEN p.ch_a ELSE p.ch_b END AS ch_a, CASE WHEN p.rater_a < p.rater_b THEN p.ch_b ELSE p.ch_a END AS ch_b
      FROM ${pairsInScope(scope, 2)}
    ), counted AS (SELECT x, y, oh_a, oh_b, ch_a, ch_b, count(*)::int AS count FROM oriented GROUP BY 1, 2, 3, 4, 5, 6)
    SELECT ra.name AS a, rb.name AS b, c.oh_a::int, c.oh_b::int, c.ch_a::int, c.ch_b::int, c.count
    FROM counted c JOIN raters ra ON ra.id = c.x JOIN raters rb ON rb.id = c.y ORDER BY ra.name, rb.name`;
}

/** Each of an answer's first two physician ratings beside each machine rater's score of it. */
async function machineCells(scope: ResultsScope) {
  return prisma.$queryRaw<(PairCell & { rater: string })[]>`
    WITH pairs AS (SELECT p.response_id, p.answer_version, p.oh_a, p.ch_a, p.oh_b, p.ch_b FROM ${pairsInScope(scope, 1)}),
    counted AS (
      SELECT q.rater_id, side.oh AS oh_a, q.omission_harm AS oh_b, side.ch AS ch_a, q.commission_harm AS ch_b, count(*)::int AS count
      FROM pairs p
      CROSS JOIN LATERAL (VALUES (p.oh_a, p.ch_a), (p.oh_b, p.ch_b)) AS side(oh, ch)
      JOIN ratings q ON q.response_id = p.response_id AND q.answer_version = p.answer_version AND q.rater_kind = 'machine'
      WHERE side.oh IS NOT NULL
      GROUP BY 1, 2, 3, 4, 5
    )
    SELECT m.name AS rater, c.oh_a::int, c.oh_b::int, c.ch_a::int, c.ch_b::int, c.count
    FROM counted c JOIN raters m ON m.id = c.rater_id ORDER BY m.name`;
}

/** The pooled pairs' critical-action results, grouped by the two whole lists (few distinct ones), split into actions here. */
async function actionCells(scope: ResultsScope): Promise<{ a: string; b: string; count: number }[]> {
  // A rating may have no list at all (NULL): it has no action to count.
  const lists = await prisma.$queryRaw<{ a: string[] | null; b: string[] | null; count: number }[]>`
    SELECT p.actions_a::text[] AS a, p.actions_b::text[] AS b, count(*)::int AS count
    FROM ${pairsInScope(scope, 2)} GROUP BY 1, 2`;
  const cells = new Map<string, number>();
  for (const { a, b, count } of lists) {
    a?.forEach((result, i) => {
      const other = b?.[i];
      if (other === undefined) return;
      cells.set(`${result}|${other}`, (cells.get(`${result}|${other}`) ?? 0) + count);
    });
  }
  return [...cells].map(([key, count]) => {
    const [a = "", b = ""] = key.split("|");
    return { a, b, count };
  });
}

async function namedPair(scope: ResultsScope, raterA: string, raterB: string): Promise<StudyResults["named_pair"]> {
  const { a, b, cells } = await namedPairCells(scope, raterA, raterB);
  // -1 ("could not be scored") falls outside the tables, per scale.
  const m = scaleMatrices(cells);
  return { a: a.name, b: b.name, omission_harm: { ...pairFigures(m.omission_harm), ...judgeFigures(m.omission_harm, a, b) }, commission_harm: pairFigures(m.commission_harm) };
}

/**
 * Everything the results page shows for a study (or one queue), filtered by
 * model, category and framing; read from the database on every call, so
 * every app instance serves the same live figures. Without a filter the
 * counts come from the per-study aggregates the triggers keep (aggregates.ts);
 * with one, from queries over the answers in scope. Both give the same figures.
 */
export function studyResults(studyId: string, filter: ResultsFilter = {}): Promise<StudyResults> {
  return computeResults(studyId, filter, true);
}

/** studyResults computed by the queries over the answers in scope even without a filter: what the aggregates are checked against. */
export function studyResultsLive(studyId: string, filter: ResultsFilter = {}): Promise<StudyResults> {
  return computeResults(studyId, filter, false);
}

async function computeResults(studyId: string, filter: ResultsFilter, mayReadAggregates: boolean): Promise<StudyResults> {
  const scope = await resolveScope(studyId, filter);
  const aggregates = mayReadAggregates && readsAggregates(scope);
  const named = filter.raterA !== undefined && filter.raterB !== undefined ? namedPair(scope, filter.raterA, filter.raterB) : Promise.resolve(null);
  const [progressFigures, pooled, pairs, machines, actions, namedFigures, consensus] = await Promise.all([
    progress(scope, aggregates),
    pooledSlices(scope, aggregates),
    aggregates ? aggregatePairCells(studyId) : physicianPairCells(scope),
    aggregates ? aggregateMachineCells(studyId) : machineCells(scope),
    aggregates ? aggregateActionCells(studyId) : actionCells(scope),
    named,
    studyConsensus(studyId, scope.queueId),
  ]);

  // The pooled tables are the slices summed.
  const pooledMatrix = (scale: Scale) => addCells(emptyMatrix(SCALES[scale]), pooled.flatMap((slice) => slice.cells[scale]));
  const overTime = (scale: Scale) => overTimeFigures(pooled.map((slice) => ({ until: slice.until, cells: slice.cells[scale] })), SCALES[scale]);

  return {
    scope,
    generated_at: new Date().toISOString(),
    progress: progressFigures,
    pooled: {
      omission_harm: { ...pooledFigures(pooledMatrix("omission_harm")), over_time: overTime("omission_harm") },
      commission_harm: { ...pooledFigures(pooledMatrix("commission_harm")), over_time: overTime("commission_harm") },
    },
    physician_pairs: [...groupBy(pairs, (c) => `${c.a}\u0000${c.b}`).values()].map((cells) => {
      const m = scaleMatrices(cells);
      return { a: cells[0]?.a ?? "", b: cells[0]?.b ?? "", omission_harm: pairFigures(m.omission_harm, POINT_ONLY), commission_harm: pairFigures(m.commission_harm, POINT_ONLY) };
    }),
    machines: [...groupBy(machines, (c) => c.rater).entries()].map(([rater, cells]) => {
      const m = scaleMatrices(cells);
      const judge = { name: rater, kind: RaterKind.machine };
      return { rater, omission_harm: { ...pairFigures(m.omission_harm, POINT_ONLY), ...judgeFigures(m.omission_harm, { name: "physicians", kind: RaterKind.physician }, judge) }, commission_harm: pairFigures(m.commission_harm, POINT_ONLY) };
    }),
    named_pair: namedFigures,
    critical_actions: pairFigures(addCells(emptyMatrix(3), actions.map((c) => ({ a: ACTION_RESULT_INDEX[c.a] ?? -1, b: ACTION_RESULT_INDEX[c.b] ?? -1, count: c.count }))), POINT_ONLY),
    adjudication: summariseConsensus(consensus),
  };
}

/** What the filters offer: the study's queues, models, categories and framings. */
export async function resultsFilterOptions(studyId: string) {
  const [queues, models, categories, framings, raters] = await Promise.all([
    prisma.queue.findMany({ where: { studyId }, select: { id: true, name: true }, orderBy: { createdAt: "desc" } }),
    studyModels(studyId),
    studyCategories(studyId),
    studyFramings(studyId),
    comparableRaters(studyId),
  ]);
  return {
    queues,
    models,
    categories,
    framings: [...framings, "none"],
    raters,
  };
}
