// Without a filter, the results read the per-study aggregates the triggers
// keep; studyResultsLive computes the same page with the queries a filter
// uses. Field by field they must agree, on a study with everything the
// aggregates must get right: several physician pairs, a third physician,
// an answer with one rating, two machine raters (one could not score an
// answer, -1), critical actions of unequal lengths, a replaced answer whose
// earlier ratings no longer count, and a rating given to its new text.
// Agreement over time is checked against a recount from the ratings as the
// span grows from minutes to days and back, and after overlapping writes.
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { cohenKappa, emptyMatrix, addCells, withinOne } from "@/lib/stats/agreement";
import { studyResults, studyResultsLive, type StudyResults } from "@/features/results/results";
import { OVER_TIME_POINTS } from "@/features/results/tables";
import { unique } from "@/tests/integration/helpers";

let studyId = "";
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute));
const ACTIONS = [["hit", "miss"], ["partial"], ["miss", "hit", "hit"], ["hit", "hit"]] as const;

beforeAll(async () => {
  const study = await prisma.study.create({ data: { name: unique("aggregate results") } });
  studyId = study.id;
  const scenario = await prisma.scenario.create({ data: { studyId, externalId: "S1", category: "c", acuityWeight: 1, prompt: "p", goldStandard: "g", contentHash: "h" } });
  await prisma.response.createMany({
    data: Array.from({ length: 40 }, (_, i) => ({ studyId, scenarioId: scenario.id, modelId: `m${i % 3}`, repetition: i, text: "t", blindCode: unique("R"), contentHash: "h" })),
  });
  const answers = await prisma.response.findMany({ where: { studyId }, orderBy: { repetition: "asc" } });
  const doctors = await Promise.all(
    Array.from({ length: 5 }, async (_, i) => {
      const user = await prisma.user.create({ data: { email: `${unique("doc")}@test.tandem`, name: `Dr ${i}`, role: "rater", passwordHash: "x" } });
      return prisma.rater.create({ data: { kind: "physician", userId: user.id, name: `Dr ${i}` } });
    }),
  );
  const judges = await Promise.all(["judge a", "judge b"].map((name) => prisma.rater.create({ data: { kind: "machine", studyId, name } })));
  // Answers 0–35 rated by two physicians, answer 36 by one, 37–39 by none; every third answer by a third physician as well.
  await prisma.rating.createMany({
    data: answers.slice(0, 37).flatMap((r, i) => {
      const raters = [i % 5, (i + 1 + (i % 3)) % 5, (i + 3) % 5].slice(0, i === 36 ? 1 : i % 3 === 0 ? 3 : 2);
      return raters.map((d, k) => ({
        responseId: r.id,
        raterId: doctors[d]?.id ?? "",
        raterKind: "physician" as const,
        omissionHarm: (i + k * (i % 2)) % 5,
        commissionHarm: (i * 7 + k) % 4,
        criticalActionResults: [...(ACTIONS[(i + k) % 4] ?? [])],
        createdAt: at(k * 60 + i),
      }));
    }),
  });
  await prisma.rating.createMany({
    data: answers.flatMap((r, i) => [
      { responseId: r.id, raterId: judges[0]?.id ?? "", raterKind: "machine" as const, omissionHarm: i % 7 === 0 ? -1 : (i * 3) % 5, commissionHarm: i % 4 },
      ...(i % 2 ? [{ responseId: r.id, raterId: judges[1]?.id ?? "", raterKind: "machine" as const, omissionHarm: i % 5, commissionHarm: (i + 1) % 4 }] : []),
    ]),
  });
  // Answer 5's text replaced; one of its physicians and the first judge rate the new text.
  const replaced = answers[5]?.id ?? "";
  await prisma.response.update({ where: { id: replaced }, data: { version: 2, text: "t2" } });
  const again = await prisma.rating.findFirstOrThrow({ where: { responseId: replaced, raterKind: "physician" } });
  await prisma.rating.update({ where: { id: again.id }, data: { answerVersion: 2, omissionHarm: 4 } });
  await prisma.rating.updateMany({ where: { responseId: replaced, raterId: judges[0]?.id ?? "" }, data: { answerVersion: 2 } });
});

/** The whole page but the time it was generated. */
const figures = ({ generated_at: _, ...rest }: StudyResults) => rest;

describe("results without a filter, from the aggregates", () => {
  it("equal the live queries' results, field by field", async () => {
    const fromAggregates = figures(await studyResults(studyId));
    const live = figures(await studyResultsLive(studyId));
    // The study exercises what matters: every physician, several pairs, both judges, a third rating, unrated answers.
    expect(live.progress.physicians).toHaveLength(5);
    expect(live.physician_pairs.length).toBeGreaterThan(3);
    expect(live.machines.map((m) => m.rater)).toEqual(["judge a", "judge b"]);
    expect(live.progress.by_ratings).toEqual({ none: 3, one: 2, two_or_more: 35 });
    for (const field of Object.keys(live) as (keyof typeof live)[]) {
      expect(fromAggregates[field], field).toEqual(live[field]);
    }
    expect(fromAggregates).toEqual(live);
  });

  it("follow an edit and a deletion at once, still equal to the live queries", async () => {
    const rating = await prisma.rating.findFirstOrThrow({ where: { response: { studyId, repetition: 10 }, raterKind: "physician" }, orderBy: { createdAt: "asc" } });
    const before = await studyResults(studyId);
    await prisma.rating.update({ where: { id: rating.id }, data: { omissionHarm: (rating.omissionHarm + 2) % 5, criticalActionResults: ["partial", "partial"] } });
    await prisma.rating.deleteMany({ where: { response: { studyId, repetition: 11 } } });
    const after = figures(await studyResults(studyId));
    expect(after.progress.by_ratings).toEqual({ none: 4, one: 2, two_or_more: 34 });
    expect(after.pooled.omission_harm.n).not.toEqual(before.pooled.omission_harm.n);
    expect(after).toEqual(figures(await studyResultsLive(studyId)));
  });
});

/** The pooled OH pairs recounted from the ratings: each current text's first two physician ratings, with the second's time. */
async function recountedPairs(model?: string) {
  return prisma.$queryRaw<{ a: number; b: number; completed: Date }[]>`
    WITH ranked AS (
      SELECT g.response_id, g.omission_harm, g.created_at, row_number() OVER (PARTITION BY g.response_id ORDER BY g.created_at, g.id) AS nth
      FROM ratings g JOIN responses r ON r.id = g.response_id AND g.answer_version = r.version
      WHERE r.study_id = ${studyId}::uuid AND g.rater_kind = 'physician' AND (${model ?? null}::text IS NULL OR r.model_id = ${model ?? null}::text))
    SELECT x.omission_harm::int AS a, y.omission_harm::int AS b, y.created_at AS completed
    FROM ranked x JOIN ranked y ON y.response_id = x.response_id AND y.nth = 2 WHERE x.nth = 1`;
}

/**
 * OH agreement over time from the aggregates equals the live queries', and
 * each point equals a recount of the pairs completed before its `until`,
 * which ends a bucket of `minutes`: the last point holds every pair. With a
 * model, the study's answers of that model only.
 */
async function expectOverTimeRecounted(minutes: number, model?: string) {
  const fromAggregates = await studyResults(studyId, model === undefined ? {} : { model });
  const live = await studyResultsLive(studyId, model === undefined ? {} : { model });
  expect(fromAggregates.pooled).toEqual(live.pooled);
  const points = fromAggregates.pooled.omission_harm.over_time;
  const pairs = await recountedPairs(model);
  expect(points.length).toBeGreaterThan(1);
  expect(points.length).toBeLessThanOrEqual(OVER_TIME_POINTS);
  for (const point of points) {
    const until = new Date(point.until).getTime();
    expect(until % (minutes * 60_000), point.until).toBe(0);
    const before = pairs.filter((p) => p.completed.getTime() < until);
    // Every pair completed before the point is in it; none after the bucket its last pair fell in.
    expect(before.some((p) => p.completed.getTime() >= until - minutes * 60_000), point.until).toBe(true);
    const matrix = addCells(emptyMatrix(5), before.map((p) => ({ a: p.a, b: p.b, count: 1 })));
    expect(point.n).toBe(before.filter((p) => p.a >= 0 && p.b >= 0).length);
    expect(point.kappa_quadratic).toEqual(cohenKappa(matrix, "quadratic"));
    expect(point.within1).toEqual(withinOne(matrix));
  }
  expect(points.at(-1)?.n).toBe(fromAggregates.pooled.omission_harm.n);
  expect(points.at(-1)?.n).toBe(pairs.filter((p) => p.a >= 0 && p.b >= 0).length);
  return points;
}

describe("agreement over time, from the aggregates", () => {
  it("is whole buckets of 10 minutes, an hour or a day by the span, each point a recount of the pairs before it, after inserts, edits, deletes and overlapping transactions", async () => {
    // The pairs so far span about an hour and a half: 10-minute buckets.
    await expectOverTimeRecounted(10);

    const answers = await prisma.response.findMany({ where: { studyId, ratings: { none: { raterKind: "physician" } } }, orderBy: { repetition: "asc" } });
    expect(answers.length).toBeGreaterThanOrEqual(4);
    const [late, later, other, fourth] = answers as [(typeof answers)[number], (typeof answers)[number], (typeof answers)[number], (typeof answers)[number]];
    const doctors = await prisma.rater.findMany({ where: { kind: "physician", name: { in: ["Dr 0", "Dr 1"] }, ratings: { some: { response: { studyId } } } }, orderBy: { name: "asc" } });
    const [d0, d1] = doctors as [(typeof doctors)[number], (typeof doctors)[number]];
    const rate = (responseId: string, raterId: string, omissionHarm: number, createdAt: Date) =>
      prisma.rating.create({ data: { responseId, raterId, raterKind: "physician", omissionHarm, commissionHarm: 1, createdAt } });
    const day = (days: number) => new Date(at(0).getTime() + days * 86_400_000);

    // A pair ten days later: more than a thousand 10-minute buckets, so hours.
    await rate(late.id, d0.id, 1, day(10));
    await rate(late.id, d1.id, 2, day(10.01));
    await expectOverTimeRecounted(60);

    // Another, sixty days on: days. Its score edited, then it is deleted: back to hours.
    await rate(later.id, d0.id, 3, day(60));
    const second = await rate(later.id, d1.id, 3, day(60.5));
    await expectOverTimeRecounted(1440);
    // A filtered chart (live queries) is sliced as the whole study's: days here too.
    await expectOverTimeRecounted(1440, later.modelId);
    await prisma.rating.update({ where: { id: second.id }, data: { omissionHarm: 0 } });
    await expectOverTimeRecounted(1440);
    await prisma.rating.delete({ where: { id: second.id } });
    await expectOverTimeRecounted(60);

    // Two transactions, each completing a pair with the same scores in the same bucket: both count.
    await rate(other.id, d0.id, 2, day(10.02));
    await rate(fourth.id, d0.id, 2, day(10.02));
    const [first, secondClient] = [0, 1].map(() => new pg.Client({ connectionString: process.env.DATABASE_URL })) as [pg.Client, pg.Client];
    await Promise.all([first.connect(), secondClient.connect()]);
    const insert = (client: pg.Client, answer: string, rater: string) =>
      client.query(
        `INSERT INTO ratings (id, response_id, rater_id, rater_kind, omission_harm, commission_harm, critical_action_results, created_at, updated_at)
         VALUES (tandem_uuid_v7(), $1, $2, 'physician', 2, 1, '{}', $3, now())`,
        [answer, rater, day(10.03)],
      );
    const before = (await studyResults(studyId)).pooled.omission_harm.n;
    try {
      await first.query("BEGIN");
      await secondClient.query("BEGIN");
      await insert(first, other.id, d1.id);
      // The second waits for the first on the aggregate rows both add to.
      const waits = insert(secondClient, fourth.id, d1.id);
      await expect.poll(async () => (await prisma.$queryRaw<{ waiting: boolean }[]>`SELECT bool_or(wait_event_type = 'Lock') AS waiting FROM pg_stat_activity WHERE query LIKE 'INSERT INTO ratings%'`)[0]?.waiting).toBe(true);
      await first.query("COMMIT");
      await waits;
      await secondClient.query("COMMIT");
    } finally {
      await Promise.all([first.end(), secondClient.end()]);
    }
    const points = await expectOverTimeRecounted(60);
    expect(points.at(-1)?.n).toBe(before + 2);
  });
});
