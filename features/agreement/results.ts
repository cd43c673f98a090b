import "server-only";
import { prisma } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { agreementFromMatrix, type AgreementFigures } from "@/lib/stats/summary";
import { missRate } from "./service";
import { answersInScope, physicianRatingsInScope, type ResultsFilter, type ResultsScope } from "./scope";
import { ACTION_RESULT_INDEX, addCells, cumulativeAgreement, emptyMatrix, groupBy, scaleMatrices, type OverTimePoint, type PairCell } from "./tables";

/** Checkpoints on the agreement-over-time chart, however many pairs there are. */
const OVER_TIME_POINTS = 40;

export interface ScaleFigures extends AgreementFigures {
  judge_miss_rate?: number | null;
}

export interface StudyResults {
  scope: ResultsScope;
  generated_at: string;
  progress: {
    answers: number;
    by_ratings: { none: number; one: number; two_or_more: number };
    median_seconds: number | null;
    physicians: { name: string; ratings: number; median_seconds: number | null }[];
  };
  /** Pooled physician pairs: each answer's first submitted rating is A, the second B. */
  pooled: { omission_harm: ScaleFigures & { over_time: OverTimePoint[] }; commission_harm: ScaleFigures & { over_time: OverTimePoint[] } };
  physician_pairs: { a: string; b: string; omission_harm: AgreementFigures; commission_harm: AgreementFigures }[];
  machines: { rater: string; omission_harm: ScaleFigures; commission_harm: AgreementFigures }[];
  /** hit/partial/miss of the pooled pairs, pooled over the critical actions (miss 0, partial 1, hit 2). */
  critical_actions: AgreementFigures;
}

async function resolveScope(studyId: string, filter: ResultsFilter): Promise<ResultsScope> {
  const study = isUuid(studyId) ? await prisma.study.findUnique({ where: { id: studyId }, select: { id: true } }) : null;
  if (!study) throw notFound("The study");
  if (filter.queue !== undefined) {
    const queue = isUuid(filter.queue) ? await prisma.queue.findFirst({ where: { id: filter.queue, studyId }, select: { id: true } }) : null;
    if (!queue) throw notFound("The queue (in this study)");
  }
  return { studyId, queueId: filter.queue ?? null, model: filter.model ?? null, category: filter.category ?? null, framing: filter.framing ?? null };
}

async function progress(scope: ResultsScope): Promise<StudyResults["progress"]> {
  const [coverage, physicians, overall] = await Promise.all([
    prisma.$queryRaw<{ ratings: number; answers: number }[]>`
      SELECT LEAST(n, 2)::int AS ratings, count(*)::int AS answers FROM (
        SELECT r.id, (SELECT count(*) FROM ratings g WHERE g.response_id = r.id AND ${physicianRatingsInScope(scope)}) AS n
        FROM responses r JOIN scenarios s ON s.id = r.scenario_id WHERE ${answersInScope(scope)}) per_answer
      GROUP BY 1`,
    prisma.$queryRaw<{ name: string; ratings: number; median_seconds: number | null }[]>`
      SELECT rt.name, count(*)::int AS ratings,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.submitted_at - a.claimed_at))::float8 AS median_seconds
      FROM ratings g JOIN raters rt ON rt.id = g.rater_id
      JOIN responses r ON r.id = g.response_id JOIN scenarios s ON s.id = r.scenario_id
      LEFT JOIN assignments a ON a.id = g.assignment_id
      WHERE ${answersInScope(scope)} AND ${physicianRatingsInScope(scope)}
      GROUP BY rt.id, rt.name ORDER BY rt.name`,
    prisma.$queryRaw<{ median_seconds: number | null }[]>`
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.submitted_at - a.claimed_at))::float8 AS median_seconds
      FROM ratings g JOIN assignments a ON a.id = g.assignment_id
      JOIN responses r ON r.id = g.response_id JOIN scenarios s ON s.id = r.scenario_id
      WHERE ${answersInScope(scope)} AND ${physicianRatingsInScope(scope)}`,
  ]);
  const count = (ratings: number) => coverage.find((c) => c.ratings === ratings)?.answers ?? 0;
  return {
    answers: coverage.reduce((n, c) => n + c.answers, 0),
    by_ratings: { none: count(0), one: count(1), two_or_more: count(2) },
    median_seconds: overall[0]?.median_seconds ?? null,
    physicians,
  };
}

interface BucketCell extends PairCell {
  bucket: number;
  until: Date;
}

/** The first and second physician rating of each answer in scope, bucketed in the order the pairs were completed. */
async function pooledCells(scope: ResultsScope) {
  return prisma.$queryRaw<BucketCell[]>`
    WITH ranked AS (
      SELECT g.response_id, g.omission_harm, g.commission_harm, g.created_at,
             row_number() OVER (PARTITION BY g.response_id ORDER BY g.created_at, g.id) AS nth
      FROM ratings g JOIN responses r ON r.id = g.response_id JOIN scenarios s ON s.id = r.scenario_id
      WHERE ${answersInScope(scope)} AND ${physicianRatingsInScope(scope)}
    ), pairs AS (
      SELECT a.omission_harm AS oh_a, b.omission_harm AS oh_b, a.commission_harm AS ch_a, b.commission_harm AS ch_b, b.created_at AS done,
             ntile(${OVER_TIME_POINTS}) OVER (ORDER BY b.created_at, b.response_id) AS bucket
      FROM ranked a JOIN ranked b ON b.response_id = a.response_id AND b.nth = 2
      WHERE a.nth = 1
    )
    SELECT bucket::int, max(done) AS until, oh_a::int, oh_b::int, ch_a::int, ch_b::int, count(*)::int AS count
    FROM pairs GROUP BY bucket, oh_a, oh_b, ch_a, ch_b ORDER BY bucket`;
}

/** Every pair of physicians who rated the same answer, A being the one with the lower rater id. */
async function physicianPairCells(scope: ResultsScope) {
  return prisma.$queryRaw<(PairCell & { a: string; b: string })[]>`
    WITH phys AS (
      SELECT g.response_id, g.rater_id, g.omission_harm, g.commission_harm
      FROM ratings g JOIN responses r ON r.id = g.response_id JOIN scenarios s ON s.id = r.scenario_id
      WHERE ${answersInScope(scope)} AND ${physicianRatingsInScope(scope)}
    )
    SELECT ra.name AS a, rb.name AS b, x.omission_harm::int AS oh_a, y.omission_harm::int AS oh_b,
           x.commission_harm::int AS ch_a, y.commission_harm::int AS ch_b, count(*)::int AS count
    FROM phys x JOIN phys y ON y.response_id = x.response_id AND x.rater_id < y.rater_id
    JOIN raters ra ON ra.id = x.rater_id JOIN raters rb ON rb.id = y.rater_id
    GROUP BY x.rater_id, y.rater_id, ra.name, rb.name, 3, 4, 5, 6 ORDER BY ra.name, rb.name`;
}

/** Every (physician rating, machine score) on the same answer, per machine rater of the study. */
async function machineCells(scope: ResultsScope) {
  return prisma.$queryRaw<(PairCell & { rater: string })[]>`
    SELECT m.name AS rater, g.omission_harm::int AS oh_a, q.omission_harm::int AS oh_b,
           g.commission_harm::int AS ch_a, q.commission_harm::int AS ch_b, count(*)::int AS count
    FROM ratings g JOIN responses r ON r.id = g.response_id JOIN scenarios s ON s.id = r.scenario_id
    JOIN ratings q ON q.response_id = g.response_id AND q.rater_kind = 'machine'
    JOIN raters m ON m.id = q.rater_id
    WHERE ${answersInScope(scope)} AND ${physicianRatingsInScope(scope)}
    GROUP BY m.name, 2, 3, 4, 5 ORDER BY m.name`;
}

async function actionCells(scope: ResultsScope) {
  return prisma.$queryRaw<{ a: string; b: string; count: number }[]>`
    WITH ranked AS (
      SELECT g.response_id, g.critical_action_results AS results,
             row_number() OVER (PARTITION BY g.response_id ORDER BY g.created_at, g.id) AS nth
      FROM ratings g JOIN responses r ON r.id = g.response_id JOIN scenarios s ON s.id = r.scenario_id
      WHERE ${answersInScope(scope)} AND ${physicianRatingsInScope(scope)}
    )
    SELECT u.a::text AS a, u.b::text AS b, count(*)::int AS count
    FROM ranked x JOIN ranked y ON y.response_id = x.response_id AND y.nth = 2
    CROSS JOIN LATERAL unnest(x.results, y.results) AS u(a, b)
    WHERE x.nth = 1 AND u.a IS NOT NULL AND u.b IS NOT NULL
    GROUP BY 1, 2`;
}

const withMissRate = (figures: AgreementFigures): ScaleFigures => ({ ...figures, judge_miss_rate: missRate(figures.confusion) });

/**
 * Everything the results page shows for a study (or one queue), filtered by
 * model, category and framing; computed from the database on every call, so
 * every app instance serves the same live figures.
 */
export async function studyResults(studyId: string, filter: ResultsFilter = {}): Promise<StudyResults> {
  const scope = await resolveScope(studyId, filter);
  const [progressFigures, pooled, pairs, machines, actions] = await Promise.all([progress(scope), pooledCells(scope), physicianPairCells(scope), machineCells(scope), actionCells(scope)]);

  const pooledMatrices = scaleMatrices(pooled);
  const buckets = [...groupBy(pooled, (c) => String(c.bucket)).values()].map((cells) => ({
    until: new Date(Math.max(...cells.map((c) => c.until.getTime()))),
    cells,
  }));
  const overTime = (scale: "oh" | "ch", k: number) =>
    cumulativeAgreement(buckets.map((b) => ({ until: b.until, cells: b.cells.map((c) => ({ a: c[`${scale}_a`], b: c[`${scale}_b`], count: c.count })) })), k);

  return {
    scope,
    generated_at: new Date().toISOString(),
    progress: progressFigures,
    pooled: {
      omission_harm: { ...withMissRate(agreementFromMatrix(pooledMatrices.omission_harm)), over_time: overTime("oh", 5) },
      commission_harm: { ...agreementFromMatrix(pooledMatrices.commission_harm), over_time: overTime("ch", 4) },
    },
    physician_pairs: [...groupBy(pairs, (c) => `${c.a}\u0000${c.b}`).values()].map((cells) => {
      const m = scaleMatrices(cells);
      return { a: cells[0]?.a ?? "", b: cells[0]?.b ?? "", omission_harm: agreementFromMatrix(m.omission_harm), commission_harm: agreementFromMatrix(m.commission_harm) };
    }),
    machines: [...groupBy(machines, (c) => c.rater).entries()].map(([rater, cells]) => {
      const m = scaleMatrices(cells);
      return { rater, omission_harm: withMissRate(agreementFromMatrix(m.omission_harm)), commission_harm: agreementFromMatrix(m.commission_harm) };
    }),
    critical_actions: agreementFromMatrix(addCells(emptyMatrix(3), actions.map((c) => ({ a: ACTION_RESULT_INDEX[c.a] ?? -1, b: ACTION_RESULT_INDEX[c.b] ?? -1, count: c.count })))),
  };
}

/** What the filters offer: the study's queues, models, categories and framings. */
export async function resultsFilterOptions(studyId: string) {
  const [queues, models, categories, framings] = await Promise.all([
    prisma.queue.findMany({ where: { studyId }, select: { id: true, name: true }, orderBy: { createdAt: "desc" } }),
    prisma.response.findMany({ where: { studyId }, distinct: ["modelId"], select: { modelId: true }, orderBy: { modelId: "asc" } }),
    prisma.scenario.findMany({ where: { studyId }, distinct: ["category"], select: { category: true }, orderBy: { category: "asc" } }),
    prisma.scenario.findMany({ where: { studyId, decouplingFraming: { not: null } }, distinct: ["decouplingFraming"], select: { decouplingFraming: true }, orderBy: { decouplingFraming: "asc" } }),
  ]);
  return {
    queues,
    models: models.map((m) => m.modelId),
    categories: categories.map((c) => c.category),
    framings: [...framings.flatMap((f) => (f.decouplingFraming ? [f.decouplingFraming] : [])), "none"],
  };
}
