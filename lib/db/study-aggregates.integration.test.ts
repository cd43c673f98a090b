// The per-study aggregates (study_tallies, study_physician_tallies,
// study_pair_cells, study_machine_cells, study_action_cells, study_time_cells), kept by
// triggers: after every kind of write to ratings and responses they equal a
// recount straight from ratings and responses (not from pooled_pairs).
import pg from "pg";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { unique } from "@/tests/integration/helpers";

interface Figures {
  tallies: { answers: number; one_rating: number; two_or_more: number };
  physicians: { rater_id: string; ratings: number }[];
  pairs: { rater_x: string; rater_y: string; oh_a: number; oh_b: number; ch_a: number; ch_b: number; count: number }[];
  machines: { rater_id: string; oh_a: number; oh_b: number; ch_a: number; ch_b: number; count: number }[];
  actions: { a: string; b: string; count: number }[];
  times: { minutes: number; bucket: number; scale: string; a: number; b: number; count: number }[];
}

/** What the triggers kept (rows counted down to 0 are skipped, as readers skip them). */
async function kept(studyId: string): Promise<Figures> {
  const [tallies] = await prisma.$queryRaw<Figures["tallies"][]>`
    SELECT answers, one_rating, two_or_more FROM study_tallies WHERE study_id = ${studyId}::uuid`;
  return {
    tallies: tallies ?? { answers: 0, one_rating: 0, two_or_more: 0 },
    physicians: await prisma.$queryRaw`SELECT rater_id, ratings FROM study_physician_tallies WHERE study_id = ${studyId}::uuid AND ratings <> 0 ORDER BY 1`,
    pairs: await prisma.$queryRaw`
      SELECT rater_x, rater_y, oh_a::int, oh_b::int, ch_a::int, ch_b::int, count FROM study_pair_cells
      WHERE study_id = ${studyId}::uuid AND count <> 0 ORDER BY 1, 2, 3, 4, 5, 6`,
    machines: await prisma.$queryRaw`
      SELECT rater_id, oh_a::int, oh_b::int, ch_a::int, ch_b::int, count FROM study_machine_cells
      WHERE study_id = ${studyId}::uuid AND count <> 0 ORDER BY 1, 2, 3, 4, 5`,
    actions: await prisma.$queryRaw`SELECT a::text, b::text, count FROM study_action_cells WHERE study_id = ${studyId}::uuid AND count <> 0 ORDER BY 1, 2`,
    times: await prisma.$queryRaw`
      SELECT minutes::int, bucket, scale, a::int, b::int, count FROM study_time_cells
      WHERE study_id = ${studyId}::uuid AND count <> 0 ORDER BY 1, 2, 3, 4, 5`,
  };
}

/**
 * The same figures recounted from ratings and responses: physician ratings of
 * each answer's current text, the first two by (created_at, id) being A and B.
 */
async function recount(studyId: string): Promise<Figures> {
  const ranked = RANKED;
  const [tallies] = await prisma.$queryRawUnsafe<Figures["tallies"][]>(
    `WITH ranked AS (${ranked})
     SELECT (SELECT count(*)::int FROM responses WHERE study_id = $1::uuid) AS answers,
            count(*) FILTER (WHERE nth = 1 AND total = 1)::int AS one_rating, count(*) FILTER (WHERE nth = 1 AND total >= 2)::int AS two_or_more
     FROM ranked`,
    studyId,
  );
  return {
    tallies: tallies ?? { answers: 0, one_rating: 0, two_or_more: 0 },
    physicians: await prisma.$queryRawUnsafe(`WITH ranked AS (${ranked}) SELECT rater_id, count(*)::int AS ratings FROM ranked GROUP BY 1 ORDER BY 1`, studyId),
    pairs: await prisma.$queryRawUnsafe(
      `WITH ranked AS (${ranked}), pairs AS (
         SELECT a.rater_id AS ra, b.rater_id AS rb, a.omission_harm AS oa, b.omission_harm AS ob, a.commission_harm AS ca, b.commission_harm AS cb
         FROM ranked a JOIN ranked b ON b.response_id = a.response_id AND b.nth = 2 WHERE a.nth = 1)
       SELECT LEAST(ra, rb) AS rater_x, GREATEST(ra, rb) AS rater_y,
              (CASE WHEN ra < rb THEN oa ELSE ob END)::int AS oh_a, (CASE WHEN ra < rb THEN ob ELSE oa END)::int AS oh_b,
              (CASE WHEN ra < rb THEN ca ELSE cb END)::int AS ch_a, (CASE WHEN ra < rb THEN cb ELSE ca END)::int AS ch_b, count(*)::int AS count
       FROM pairs GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`,
      studyId,
    ),
    machines: await prisma.$queryRawUnsafe(
      `WITH ranked AS (${ranked})
       SELECT m.rater_id, p.omission_harm::int AS oh_a, m.omission_harm::int AS oh_b, p.commission_harm::int AS ch_a, m.commission_harm::int AS ch_b, count(*)::int AS count
       FROM ranked p JOIN ratings m ON m.response_id = p.response_id AND m.rater_kind = 'machine'
       JOIN responses r ON r.id = m.response_id AND m.answer_version = r.version
       WHERE p.nth <= 2 GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
      studyId,
    ),
    actions: await prisma.$queryRawUnsafe(
      `WITH ranked AS (${ranked})
       SELECT a.result::text AS a, b.result::text AS b, count(*)::int AS count
       FROM ranked x JOIN ranked y ON y.response_id = x.response_id AND y.nth = 2
       CROSS JOIN LATERAL unnest(x.critical_action_results) WITH ORDINALITY AS a(result, i)
       JOIN LATERAL unnest(y.critical_action_results) WITH ORDINALITY AS b(result, i) ON b.i = a.i
       WHERE x.nth = 1 GROUP BY 1, 2 ORDER BY 1, 2`,
      studyId,
    ),
    // Each pair per scale in the bucket (10, 60, 1440 minutes since the epoch) of its second rating's time, counted in whole milliseconds.
    times: await prisma.$queryRawUnsafe(
      `WITH ranked AS (${ranked}), pairs AS (
         SELECT a.omission_harm AS oa, b.omission_harm AS ob, a.commission_harm AS ca, b.commission_harm AS cb,
                (extract(epoch FROM b.created_at) * 1000)::bigint AS ms
         FROM ranked a JOIN ranked b ON b.response_id = a.response_id AND b.nth = 2 WHERE a.nth = 1)
       SELECT w.minutes, (p.ms / (w.minutes * 60000))::int AS bucket, s.scale, s.a::int, s.b::int, count(*)::int AS count
       FROM pairs p CROSS JOIN (VALUES (10), (60), (1440)) AS w(minutes)
       CROSS JOIN LATERAL (VALUES ('omission_harm', p.oa, p.ob), ('commission_harm', p.ca, p.cb)) AS s(scale, a, b)
       GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
      studyId,
    ),
  };
}

/** Physician ratings of the current texts of the study's answers ($1), numbered per answer. */
const RANKED = `SELECT g.*, row_number() OVER (PARTITION BY g.response_id ORDER BY g.created_at, g.id) AS nth,
                 count(*) OVER (PARTITION BY g.response_id) AS total
          FROM ratings g JOIN responses r ON r.id = g.response_id AND g.answer_version = r.version
          WHERE r.study_id = $1::uuid AND g.rater_kind = 'physician'`;

async function expectRecounted(studyId: string) {
  const figures = await kept(studyId);
  expect(figures).toEqual(await recount(studyId));
  return figures;
}

async function studyWith(answers: number, physicians: number, machines = 1) {
  const study = await prisma.study.create({ data: { name: unique("aggregates") } });
  const scenario = await prisma.scenario.create({ data: { studyId: study.id, externalId: "Q1", category: "c", acuityWeight: 1, prompt: "p", goldStandard: "g", contentHash: "h" } });
  await prisma.response.createMany({
    data: Array.from({ length: answers }, (_, i) => ({ studyId: study.id, scenarioId: scenario.id, modelId: `m${i % 2}`, repetition: i, text: "t", blindCode: unique("R"), contentHash: "h" })),
  });
  const responses = await prisma.response.findMany({ where: { studyId: study.id }, orderBy: { repetition: "asc" } });
  const doctors = await Promise.all(
    Array.from({ length: physicians }, async (_, i) => {
      const user = await prisma.user.create({ data: { email: `${unique("agg")}@test.tandem`, name: `Dr ${i}`, role: "rater", passwordHash: "x" } });
      return prisma.rater.create({ data: { kind: "physician", userId: user.id, name: `Dr ${i}` } });
    }),
  );
  const judges = await Promise.all(Array.from({ length: machines }, (_, i) => prisma.rater.create({ data: { kind: "machine", studyId: study.id, name: `judge ${i}` } })));
  return { study, scenario, responses, doctors, judges };
}

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute));

describe("study aggregates", () => {
  it("equal a recount after bulk inserts, edits, a third physician, machine scores, moves, deletes and a replaced answer", async () => {
    const { study, scenario, responses, doctors, judges } = await studyWith(12, 4, 2);
    const [d0, d1, d2, d3] = doctors as [(typeof doctors)[number], (typeof doctors)[number], (typeof doctors)[number], (typeof doctors)[number]];
    const [j0, j1] = judges as [(typeof judges)[number], (typeof judges)[number]];
    expect((await expectRecounted(study.id)).tallies).toEqual({ answers: 12, one_rating: 0, two_or_more: 0 });

    // One statement: two physicians on ten answers, scores varied, critical actions of different lengths.
    await prisma.rating.createMany({
      data: responses.slice(0, 10).flatMap((r, i) => {
        const a = i % 2 ? d0 : d1;
        const b = i % 3 ? d2 : a === d0 ? d1 : d0;
        return [
        { responseId: r.id, raterId: a.id, raterKind: "physician" as const, omissionHarm: i % 5, commissionHarm: i % 4, criticalActionResults: ["hit" as const, "miss" as const], createdAt: at(i) },
        { responseId: r.id, raterId: b.id, raterKind: "physician" as const, omissionHarm: (i + 1) % 5, commissionHarm: i % 3, criticalActionResults: i % 2 ? ["partial" as const] : ["miss" as const, "hit" as const, "hit" as const], createdAt: at(20 + i) },
        ];
      }),
    });
    let figures = await expectRecounted(study.id);
    expect(figures.tallies).toEqual({ answers: 12, one_rating: 0, two_or_more: 10 });
    expect(figures.pairs.reduce((n, c) => n + c.count, 0)).toBe(10);

    // Machine scores in one statement (one unscored, -1), and one physician alone on answer 10.
    await prisma.rating.createMany({
      data: responses.flatMap((r, i) => [
        { responseId: r.id, raterId: j0.id, raterKind: "machine" as const, omissionHarm: i === 3 ? -1 : (i * 3) % 5, commissionHarm: i % 4 },
        ...(i < 6 ? [{ responseId: r.id, raterId: j1.id, raterKind: "machine" as const, omissionHarm: 1, commissionHarm: 1 }] : []),
      ]),
    });
    await prisma.rating.create({ data: { responseId: responses[10]?.id ?? "", raterId: d3.id, raterKind: "physician", omissionHarm: 2, commissionHarm: 0, criticalActionResults: ["hit"], createdAt: at(1) } });
    figures = await expectRecounted(study.id);
    expect(figures.tallies).toEqual({ answers: 12, one_rating: 1, two_or_more: 10 });
    // Each machine score meets both physician ratings of a rated answer; answer 11 has none, so its scores count nowhere.
    expect(figures.machines.filter((c) => c.rater_id === j0.id).reduce((n, c) => n + c.count, 0)).toBe(10 * 2 + 1);

    // A third physician on answer 0, and one dated before both (it becomes A; the old B becomes the third).
    await prisma.rating.create({ data: { responseId: responses[0]?.id ?? "", raterId: d3.id, raterKind: "physician", omissionHarm: 4, commissionHarm: 3, criticalActionResults: ["partial", "partial"], createdAt: at(59) } });
    await expectRecounted(study.id);
    await prisma.rating.create({ data: { responseId: responses[1]?.id ?? "", raterId: d3.id, raterKind: "physician", omissionHarm: 0, commissionHarm: 0, createdAt: at(0) } });
    await expectRecounted(study.id);

    // Score edits, physician and machine, one by one and in bulk.
    const some = await prisma.rating.findFirstOrThrow({ where: { responseId: responses[2]?.id ?? "", raterKind: "physician" }, orderBy: { createdAt: "asc" } });
    await prisma.rating.update({ where: { id: some.id }, data: { omissionHarm: 4, commissionHarm: 0, criticalActionResults: ["partial", "partial"] } });
    await expectRecounted(study.id);
    await prisma.rating.updateMany({ where: { raterId: d2.id }, data: { omissionHarm: 3 } });
    await prisma.rating.updateMany({ where: { raterId: j0.id, omissionHarm: { gte: 0 } }, data: { omissionHarm: 0 } });
    await expectRecounted(study.id);

    // A rating moved to another answer, and one whose time moves it from second to first.
    const moved = await prisma.rating.findFirstOrThrow({ where: { responseId: responses[4]?.id ?? "", raterKind: "physician" }, orderBy: { createdAt: "desc" } });
    await prisma.rating.update({ where: { id: moved.id }, data: { responseId: responses[11]?.id ?? "" } });
    await expectRecounted(study.id);
    const later = await prisma.rating.findFirstOrThrow({ where: { responseId: responses[5]?.id ?? "", raterKind: "physician" }, orderBy: { createdAt: "desc" } });
    await prisma.rating.update({ where: { id: later.id }, data: { createdAt: at(-5) } });
    await expectRecounted(study.id);

    // The answer's text replaced: its ratings stop counting; a rating re-given to the new text counts again.
    await prisma.response.update({ where: { id: responses[6]?.id ?? "" }, data: { version: 2, text: "t2" } });
    figures = await expectRecounted(study.id);
    const regiven = await prisma.rating.findFirstOrThrow({ where: { responseId: responses[6]?.id ?? "", raterKind: "physician" } });
    await prisma.rating.update({ where: { id: regiven.id }, data: { answerVersion: 2, omissionHarm: 1 } });
    await prisma.rating.updateMany({ where: { responseId: responses[6]?.id ?? "", raterKind: "machine" }, data: { answerVersion: 2 } });
    await expectRecounted(study.id);

    // Deletes: a physician rating, a machine score, every rating of one rater, an answer, and a new answer.
    await prisma.rating.delete({ where: { id: some.id } });
    await prisma.rating.deleteMany({ where: { raterId: j1.id, responseId: responses[0]?.id ?? "" } });
    await expectRecounted(study.id);
    await prisma.rating.deleteMany({ where: { raterId: d1.id } });
    await expectRecounted(study.id);
    await prisma.response.delete({ where: { id: responses[7]?.id ?? "" } });
    await prisma.response.create({ data: { studyId: study.id, scenarioId: scenario.id, modelId: "m9", repetition: 99, text: "t", blindCode: unique("R"), contentHash: "h" } });
    figures = await expectRecounted(study.id);
    expect(figures.tallies.answers).toBe(12);

    // Every rating gone: nothing left to count but the answers.
    await prisma.rating.deleteMany({ where: { response: { studyId: study.id } } });
    expect(await expectRecounted(study.id)).toEqual({ tallies: { answers: 12, one_rating: 0, two_or_more: 0 }, physicians: [], pairs: [], machines: [], actions: [], times: [] });
  });

  it("go with their study, and a study's writes leave another study's aggregates alone", async () => {
    const one = await studyWith(3, 2);
    const other = await studyWith(2, 2);
    for (const { responses, doctors, judges } of [one, other]) {
      await prisma.rating.createMany({
        data: responses.flatMap((r) => [...doctors.map((d, k) => ({ responseId: r.id, raterId: d.id, raterKind: "physician" as const, omissionHarm: k, commissionHarm: 1, createdAt: at(k) })), { responseId: r.id, raterId: judges[0]?.id ?? "", raterKind: "machine" as const, omissionHarm: 2, commissionHarm: 2 }]),
      });
    }
    const before = await expectRecounted(other.study.id);
    await prisma.study.delete({ where: { id: one.study.id } });
    for (const table of ["study_tallies", "study_physician_tallies", "study_pair_cells", "study_machine_cells", "study_action_cells", "study_time_cells"]) {
      expect(await prisma.$queryRawUnsafe(`SELECT count(*)::int AS n FROM ${table} WHERE study_id = $1::uuid`, one.study.id)).toEqual([{ n: 0 }]);
    }
    expect(await expectRecounted(other.study.id)).toEqual(before);
  });

  it("count both of two ratings of one answer given in overlapping transactions, and of two answers of one pair", async () => {
    const { study, responses, doctors, judges } = await studyWith(3, 3);
    const [d0, d1, d2] = doctors as [(typeof doctors)[number], (typeof doctors)[number], (typeof doctors)[number]];
    await prisma.rating.create({ data: { responseId: responses[1]?.id ?? "", raterId: d0.id, raterKind: "physician", omissionHarm: 1, commissionHarm: 1, createdAt: at(0) } });
    await prisma.rating.create({ data: { responseId: responses[2]?.id ?? "", raterId: d0.id, raterKind: "physician", omissionHarm: 1, commissionHarm: 1, createdAt: at(0) } });
    const [first, second] = [0, 1].map(() => new pg.Client({ connectionString: process.env.DATABASE_URL })) as [pg.Client, pg.Client];
    await Promise.all([first.connect(), second.connect()]);
    const insert = (client: pg.Client, answer: string, rater: string, kind: "physician" | "machine", oh: number, minute: number) =>
      client.query(
        `INSERT INTO ratings (id, response_id, rater_id, rater_kind, omission_harm, commission_harm, critical_action_results, created_at, updated_at)
         VALUES (tandem_uuid_v7(), $1, $2, $3, $4, 1, '{hit}', $5, now())`,
        [answer, rater, kind, oh, at(minute)],
      );
    const waiting = async () => (await prisma.$queryRaw<{ waiting: boolean }[]>`SELECT bool_or(wait_event_type = 'Lock') AS waiting FROM pg_stat_activity WHERE query LIKE 'INSERT INTO ratings%'`)[0]?.waiting;
    try {
      // Same answer: two physicians and a machine score, from two transactions.
      await first.query("BEGIN");
      await insert(first, responses[0]?.id ?? "", d0.id, "physician", 1, 1);
      await second.query("BEGIN");
      const secondInsert = (async () => {
        await insert(second, responses[0]?.id ?? "", d1.id, "physician", 2, 2);
        await insert(second, responses[0]?.id ?? "", judges[0]?.id ?? "", "machine", 3, 3);
      })();
      await expect.poll(waiting).toBe(true);
      await first.query("COMMIT");
      await secondInsert;
      await second.query("COMMIT");

      // Different answers, the same physician pair (d0, d2) and scores: both add to the same aggregate rows.
      await first.query("BEGIN");
      await second.query("BEGIN");
      await insert(first, responses[1]?.id ?? "", d2.id, "physician", 2, 5);
      const other = insert(second, responses[2]?.id ?? "", d2.id, "physician", 2, 5);
      await expect.poll(waiting).toBe(true);
      await first.query("COMMIT");
      await other;
      await second.query("COMMIT");
    } finally {
      await Promise.all([first.end(), second.end()]);
    }
    const figures = await expectRecounted(study.id);
    expect(figures.tallies).toEqual({ answers: 3, one_rating: 0, two_or_more: 3 });
    const pairD0D2 = figures.pairs.filter((c) => [c.rater_x, c.rater_y].sort().join() === [d0.id, d2.id].sort().join());
    expect(pairD0D2.reduce((n, c) => n + c.count, 0)).toBe(2);
    expect(figures.machines.reduce((n, c) => n + c.count, 0)).toBe(2);
  });

  it("refuse a direct write (Prisma or SQL); the triggers' writes and a study's deletion pass", async () => {
    const { study, responses, doctors } = await studyWith(1, 1);
    await prisma.rating.create({ data: { responseId: responses[0]?.id ?? "", raterId: doctors[0]?.id ?? "", raterKind: "physician", omissionHarm: 2, commissionHarm: 1 } });
    const before = await expectRecounted(study.id);
    const refused = (table: string) => new RegExp(`${table} is kept by triggers on ratings and responses: (INSERT|UPDATE|DELETE) on it directly is refused`);
    await expect(prisma.studyTallies.update({ where: { studyId: study.id }, data: { answers: 9 } })).rejects.toThrow(refused("study_tallies"));
    await expect(prisma.studyPhysicianTally.deleteMany({ where: { studyId: study.id } })).rejects.toThrow(refused("study_physician_tallies"));
    await expect(prisma.$executeRaw`INSERT INTO study_pair_cells VALUES (${study.id}::uuid, ${study.id}::uuid, ${study.id}::uuid, 0, 0, 0, 0, 5)`).rejects.toThrow(refused("study_pair_cells"));
    await expect(prisma.$executeRaw`UPDATE study_machine_cells SET count = 9`).rejects.toThrow(refused("study_machine_cells"));
    await expect(prisma.$executeRaw`DELETE FROM study_action_cells`).rejects.toThrow(refused("study_action_cells"));
    await expect(prisma.$executeRaw`DELETE FROM machine_pairs`).rejects.toThrow(refused("machine_pairs"));
    await expect(prisma.studyTimeCell.updateMany({ data: { count: 9 } })).rejects.toThrow(refused("study_time_cells"));
    expect(await expectRecounted(study.id)).toEqual(before);
  });
});
