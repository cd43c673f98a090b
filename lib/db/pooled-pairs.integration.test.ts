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

const pair = (responseId: string) => prisma.pooledPair.findUnique({ where: { responseId } });

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
});
