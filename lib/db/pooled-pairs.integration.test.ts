// pooled_pairs, kept by triggers on ratings: each answer's first and second
// physician rating, as the pooled agreement reads them.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { unique } from "@/tests/integration/helpers";

async function answerWithRaters(physicians: number) {
  const study = await prisma.study.create({ data: { name: unique("pooled") } });
  const scenario = await prisma.scenario.create({ data: { studyId: study.id, externalId: "Q1", category: "c", acuityWeight: 1, prompt: "p", goldStandard: "g", contentHash: "h" } });
  const response = await prisma.response.create({ data: { studyId: study.id, scenarioId: scenario.id, modelId: "m", repetition: 0, text: "t", blindCode: unique("R"), contentHash: "h" } });
  const raters = await Promise.all(
    Array.from({ length: physicians }, async (_, i) => {
      const user = await prisma.user.create({ data: { email: `${unique("pp")}@test.tandem`, name: `Dr ${i}`, role: "rater", passwordHash: "x" } });
      return prisma.rater.create({ data: { kind: "physician", userId: user.id, name: `Dr ${i}` } });
    }),
  );
  const machine = await prisma.rater.create({ data: { kind: "machine", studyId: study.id, name: "judge" } });
  return { study, response, raters, machine };
}

/** The pair of the answer's first (and only) version. */
const pair = (responseId: string) => prisma.pooledPair.findUnique({ where: { responseId_answerVersion: { responseId, answerVersion: 1 } } });

describe("pooled_pairs", () => {
  it("follows an answer's physician ratings: first, second, edits, a third, deletion; machine scores are ignored", async () => {
    const { response, raters, machine } = await answerWithRaters(3);
    const [a, b, c] = raters as [(typeof raters)[number], (typeof raters)[number], (typeof raters)[number]];
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute));
    await prisma.rating.create({ data: { responseId: response.id, raterId: machine.id, raterKind: "machine", omissionHarm: 3, commissionHarm: 1 } });
    expect(await pair(response.id)).toBeNull();

    await prisma.rating.create({ data: { responseId: response.id, raterId: b.id, raterKind: "physician", omissionHarm: 2, commissionHarm: 1, criticalActionResults: ["hit"], createdAt: at(5) } });
    expect(await pair(response.id)).toMatchObject({ ratings: 1, raterA: b.id, ohA: 2, raterB: null, ohB: null, completedAt: null });

    const second = await prisma.rating.create({ data: { responseId: response.id, raterId: c.id, raterKind: "physician", omissionHarm: 4, commissionHarm: 0, criticalActionResults: ["miss"], createdAt: at(9) } });
    expect(await pair(response.id)).toMatchObject({ ratings: 2, raterA: b.id, raterB: c.id, ohB: 4, chB: 0, actionsB: ["miss"], completedAt: at(9) });

    await prisma.rating.update({ where: { id: second.id }, data: { omissionHarm: 1 } });
    expect(await pair(response.id)).toMatchObject({ ohB: 1 });

    // A rating dated earlier than both (a late import, say) becomes the first; the pair is by time.
    await prisma.rating.create({ data: { responseId: response.id, raterId: a.id, raterKind: "physician", omissionHarm: 0, commissionHarm: 0, createdAt: at(1) } });
    expect(await pair(response.id)).toMatchObject({ ratings: 3, raterA: a.id, ohA: 0, raterB: b.id, ohB: 2, completedAt: at(5) });

    await prisma.rating.deleteMany({ where: { responseId: response.id, raterKind: "physician" } });
    expect(await pair(response.id)).toBeNull();
  });

  it("counts both of two ratings of one answer given in overlapping transactions", async () => {
    const { response, raters } = await answerWithRaters(2);
    const [first, second] = raters.map(() => new pg.Client({ connectionString: process.env.DATABASE_URL })) as [pg.Client, pg.Client];
    await Promise.all([first.connect(), second.connect()]);
    const insert = (client: pg.Client, rater: string, oh: number) =>
      client.query(
        `INSERT INTO ratings (id, response_id, rater_id, rater_kind, omission_harm, commission_harm, updated_at)
         VALUES (tandem_uuid_v7(), $1, $2, 'physician', $3, 0, now())`,
        [response.id, rater, oh],
      );
    try {
      await first.query("BEGIN");
      await insert(first, raters[0]?.id ?? "", 1);
      await second.query("BEGIN");
      const secondInsert = insert(second, raters[1]?.id ?? "", 2);
      // The second waits on the first's (uncommitted) summary row...
      await expect
        .poll(async () => (await prisma.$queryRaw<{ waiting: boolean }[]>`SELECT bool_or(wait_event_type = 'Lock') AS waiting FROM pg_stat_activity WHERE query LIKE 'INSERT INTO ratings%'`)[0]?.waiting)
        .toBe(true);
      // ...and once that commits, recounts with it.
      await first.query("COMMIT");
      await secondInsert;
      await second.query("COMMIT");
    } finally {
      await Promise.all([first.end(), second.end()]);
    }
    expect(await pair(response.id)).toMatchObject({ ratings: 2, ohA: 1, ohB: 2 });
  });

  it("is kept by triggers on ratings whose functions say what they refresh, and guarded by one of its own", async () => {
    const triggers = await prisma.$queryRaw<{ table: string; trigger: string; function: string }[]>`
      SELECT c.relname AS table, t.tgname AS trigger, p.proname AS function
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
      WHERE NOT t.tgisinternal AND (c.relname = 'pooled_pairs' OR t.tgname LIKE 'pooled_pairs%')
      ORDER BY 1, 2`;
    expect(triggers).toEqual([
      { table: "pooled_pairs", trigger: "pooled_pairs_refuse_direct_write", function: "pooled_pairs_refuse_direct_write" },
      // What pooled_pairs' rows add up to per study (lib/db/study-aggregates.integration.test.ts).
      { table: "pooled_pairs", trigger: "study_aggregates_on_delete", function: "study_aggregates_from_pooled_pairs" },
      { table: "pooled_pairs", trigger: "study_aggregates_on_insert", function: "study_aggregates_from_pooled_pairs" },
      { table: "pooled_pairs", trigger: "study_aggregates_on_update", function: "study_aggregates_from_pooled_pairs" },
      { table: "ratings", trigger: "pooled_pairs_on_delete", function: "pooled_pairs_refresh_inserted_or_deleted" },
      { table: "ratings", trigger: "pooled_pairs_on_insert", function: "pooled_pairs_refresh_inserted_or_deleted" },
      { table: "ratings", trigger: "pooled_pairs_on_update", function: "pooled_pairs_refresh_updated" },
      { table: "responses", trigger: "pooled_pairs_on_answer_version", function: "pooled_pairs_refresh_replaced" },
    ]);
  });

  it("refuses any write that does not come from the triggers on ratings: Prisma's writes and raw SQL", async () => {
    const { study, response, raters } = await answerWithRaters(1);
    await prisma.rating.create({ data: { responseId: response.id, raterId: raters[0]?.id ?? "", raterKind: "physician", omissionHarm: 2, commissionHarm: 1 } });
    const kept = await pair(response.id);
    expect(kept).toMatchObject({ ratings: 1, ohA: 2 });
    const unrated = await answerWithRaters(0);
    const row = { responseId: unrated.response.id, answerVersion: 1, current: true, studyId: unrated.study.id, ratings: 2, ohA: 0, ohB: 4 };
    const refused = /pooled_pairs is kept by triggers on ratings: (INSERT|UPDATE|DELETE) on it directly is refused/;

    await expect(prisma.pooledPair.create({ data: row })).rejects.toThrow(refused);
    await expect(prisma.pooledPair.createMany({ data: [row] })).rejects.toThrow(refused);
    await expect(prisma.pooledPair.upsert({ where: { responseId_answerVersion: { responseId: row.responseId, answerVersion: 1 } }, create: row, update: {} })).rejects.toThrow(refused);
    await expect(prisma.pooledPair.update({ where: { responseId_answerVersion: { responseId: response.id, answerVersion: 1 } }, data: { ohA: 4 } })).rejects.toThrow(refused);
    await expect(prisma.pooledPair.updateMany({ where: { studyId: study.id }, data: { ratings: 9 } })).rejects.toThrow(refused);
    await expect(prisma.pooledPair.delete({ where: { responseId_answerVersion: { responseId: response.id, answerVersion: 1 } } })).rejects.toThrow(refused);
    await expect(prisma.pooledPair.deleteMany({ where: { studyId: study.id } })).rejects.toThrow(refused);
    await expect(prisma.$executeRaw`INSERT INTO pooled_pairs (response_id, answer_version, current, study_id, ratings) VALUES (${row.responseId}::uuid, 1, true, ${row.studyId}::uuid, 2)`).rejects.toThrow(refused);
    await expect(prisma.$executeRaw`UPDATE pooled_pairs SET ratings = 9 WHERE response_id = ${response.id}::uuid`).rejects.toThrow(refused);
    await expect(prisma.$executeRaw`DELETE FROM pooled_pairs WHERE response_id = ${response.id}::uuid`).rejects.toThrow(refused);

    expect(await pair(response.id)).toEqual(kept);
    expect(await pair(unrated.response.id)).toBeNull();
  });

  it("loses an answer's row when the answer or its study is deleted (the cascade is no direct write)", async () => {
    const { study, response, raters } = await answerWithRaters(2);
    const other = await prisma.response.create({ data: { studyId: study.id, scenarioId: response.scenarioId, modelId: "m", repetition: 1, text: "t", blindCode: unique("R"), contentHash: "h" } });
    for (const answerId of [response.id, other.id]) {
      await prisma.rating.createMany({ data: raters.map((rater) => ({ responseId: answerId, raterId: rater.id, raterKind: "physician" as const, omissionHarm: 1, commissionHarm: 0 })) });
    }
    expect(await prisma.pooledPair.count({ where: { studyId: study.id, ratings: 2 } })).toBe(2);
    await prisma.response.delete({ where: { id: response.id } });
    expect(await pair(response.id)).toBeNull();
    expect(await pair(other.id)).toMatchObject({ ratings: 2 });
    await prisma.study.delete({ where: { id: study.id } });
    expect(await prisma.pooledPair.count({ where: { studyId: study.id } })).toBe(0);
  });

  it("is refreshed by one pass for a bulk insert", async () => {
    const { study, raters } = await answerWithRaters(2);
    const scenario = await prisma.scenario.findFirstOrThrow({ where: { studyId: study.id } });
    await prisma.response.createMany({ data: Array.from({ length: 50 }, (_, i) => ({ studyId: study.id, scenarioId: scenario.id, modelId: "bulk", repetition: i + 1, text: "t", blindCode: unique("R"), contentHash: "h" })) });
    const answers = await prisma.response.findMany({ where: { studyId: study.id, modelId: "bulk" }, select: { id: true } });
    await prisma.rating.createMany({
      data: answers.flatMap((r, i) => raters.map((rater, k) => ({ responseId: r.id, raterId: rater.id, raterKind: "physician" as const, omissionHarm: (i + k) % 5, commissionHarm: 0, createdAt: new Date(Date.UTC(2026, 0, 1, k)) }))),
    });
    const pairs = await prisma.pooledPair.findMany({ where: { studyId: study.id } });
    expect(pairs).toHaveLength(50);
    expect(pairs.every((p) => p.ratings === 2 && p.raterA === raters[0]?.id && p.ohB === ((p.ohA ?? 0) + 1) % 5)).toBe(true);
  });

  it("pairs each version of an answer's text apart, and marks the earlier version's pair not current when the answer moves on", async () => {
    const { response, raters } = await answerWithRaters(4);
    const [a, b, c, d] = raters as [(typeof raters)[number], (typeof raters)[number], (typeof raters)[number], (typeof raters)[number]];
    const rate = (raterId: string, oh: number, answerVersion: number, minute: number) =>
      prisma.rating.create({ data: { responseId: response.id, raterId, raterKind: "physician", omissionHarm: oh, commissionHarm: 0, answerVersion, createdAt: new Date(Date.UTC(2026, 0, 1, 10, minute)) } });
    await rate(a.id, 0, 1, 1);
    await rate(b.id, 3, 1, 2);
    expect(await pair(response.id)).toMatchObject({ current: true, ratings: 2, raterA: a.id, ohA: 0, raterB: b.id, ohB: 3 });

    // The answer's text is replaced: only the version changes on responses, and the trigger there refreshes.
    await prisma.response.update({ where: { id: response.id }, data: { version: 2, text: "t2" } });
    expect(await pair(response.id)).toMatchObject({ current: false, ratings: 2, ohA: 0, ohB: 3 });
    const second = () => prisma.pooledPair.findUnique({ where: { responseId_answerVersion: { responseId: response.id, answerVersion: 2 } } });
    expect(await second()).toBeNull();

    // Ratings of the new text pair among themselves, never with the earlier ones.
    await rate(c.id, 2, 2, 3);
    expect(await second()).toMatchObject({ current: true, ratings: 1, raterA: c.id, ohA: 2, raterB: null });
    await rate(d.id, 2, 2, 4);
    expect(await second()).toMatchObject({ current: true, ratings: 2, raterA: c.id, raterB: d.id, ohB: 2 });
    expect(await pair(response.id)).toMatchObject({ current: false, ratings: 2, raterA: a.id, raterB: b.id });
    // An update that leaves the version alone refreshes nothing and changes nothing.
    await prisma.response.update({ where: { id: response.id }, data: { text: "t2, typo fixed" } });
    expect(await prisma.pooledPair.count({ where: { responseId: response.id } })).toBe(2);
    expect(await prisma.pooledPair.count({ where: { responseId: response.id, current: true } })).toBe(1);
  });
});
