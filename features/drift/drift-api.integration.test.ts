// GET /api/v1/studies/{id}/drift over HTTP, on physician ratings seeded over
// three weeks (their created_at set directly), against lib/stats on the pairs
// and means written out by hand below.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { cohenKappa, confusionMatrix, exactAgreement, withinOne, type Pair } from "@/lib/stats/agreement";
import type { DriftSlice } from "@/lib/stats/drift";
import { createStudy } from "@/features/studies/service";
import { createUser } from "@/features/users/service";
import { newUserSchema } from "@/features/users/schemas";
import { answer, ndjson, scenario } from "@/tests/fixtures/study";
import { api, unique, userWithToken, type ApiErrorBody } from "@/tests/integration/helpers";

interface Series {
  id: string;
  name: string;
  ratings: number;
  slices: DriftSlice[];
}
interface DriftBody {
  by: string;
  size: number | null;
  physicians: { id: string; name: string; email: string | null }[];
  series: Series[];
}

let admin: Awaited<ReturnType<typeof userWithToken>>;
let researcher: Awaited<ReturnType<typeof userWithToken>>;
let rater: Awaited<ReturnType<typeof userWithToken>>;
let studyId = "";
const names = { A: unique("Ana"), B: unique("Ben"), C: unique("Cy") };
const physicians: Record<"A" | "B" | "C", { userId: string; raterId: string; email: string }> = {} as never;

const get = <T = DriftBody>(query: string, token = researcher.token) => api<T>(`/api/v1/studies/${studyId}/drift${query === "" ? "" : `?${query}`}`, { token });

beforeAll(async () => {
  [admin, researcher, rater] = await Promise.all([userWithToken("admin"), userWithToken("researcher"), userWithToken("rater")]);
  studyId = (await createStudy({ name: unique("Drift") }, admin.user.id)).id;
  const post = async (kind: string, body: string) => {
    const result = await api(`/api/v1/studies/${studyId}/${kind}`, { method: "POST", token: admin.token, body });
    expect(result.status, JSON.stringify(result.body)).toBe(200);
  };
  await post("scenarios", ndjson([scenario("S1")]));
  const keys = ["a0", "a1", "a2", "a3", "a4", "a5", "g", "old"];
  await post("responses", ndjson(keys.map((_, rep) => answer("S1", "m", rep))));
  const answers = Object.fromEntries((await prisma.response.findMany({ where: { studyId }, select: { id: true, repetition: true } })).map((r) => [keys[r.repetition] ?? "", r.id]));
  for (const key of ["A", "B", "C"] as const) {
    const email = `${unique(key)}@test.tandem`;
    const user = await createUser(newUserSchema.parse({ email, name: names[key], role: "rater", password: "correct horse battery" }));
    const raterRow = await prisma.rater.findUniqueOrThrow({ where: { userId: user.id } });
    physicians[key] = { userId: user.id, raterId: raterRow.id, email };
  }
  // "old" was replaced: its text is now version 2.
  await prisma.response.update({ where: { id: answers.old }, data: { version: 2 } });
  const judge = await prisma.rater.create({ data: { kind: "machine", studyId, name: "judge" } });
  const rate = (who: "A" | "B" | "C", what: string, at: string, oh: number, ch: number, answerVersion = 1) => ({
    responseId: answers[what] as string,
    raterId: physicians[who].raterId,
    raterKind: "physician" as const,
    omissionHarm: oh,
    commissionHarm: ch,
    criticalActionResults: [],
    answerVersion,
    createdAt: new Date(at),
  });
  await prisma.rating.createMany({
    data: [
      // Week of Monday 5 October 2026.
      rate("A", "a0", "2026-10-05T09:00:00Z", 1, 0),
      rate("B", "a0", "2026-10-06T09:00:00Z", 1, 1),
      rate("A", "a1", "2026-10-07T09:00:00Z", 3, 2),
      rate("B", "a1", "2026-10-08T09:00:00Z", 2, 2),
      rate("B", "a2", "2026-10-09T09:00:00Z", 2, 1),
      rate("A", "a2", "2026-10-11T23:30:00Z", 0, 0),
      // Week of 12 October: A's rating at 00:00 on Monday opens it.
      rate("A", "a3", "2026-10-12T00:00:00Z", 4, 3),
      rate("C", "a3", "2026-10-13T09:00:00Z", 3, 3),
      rate("C", "a1", "2026-10-14T09:00:00Z", 0, 0),
      rate("B", "a4", "2026-10-15T09:00:00Z", 1, 0),
      // Week of 19 October; A's rating of the earlier text of "old" does not count, B's of the current one does.
      rate("A", "a5", "2026-10-20T09:00:00Z", 2, 1),
      rate("B", "a5", "2026-10-21T09:00:00Z", 2, 1),
      rate("C", "a5", "2026-10-21T10:00:00Z", 4, 0),
      rate("A", "old", "2026-10-22T09:00:00Z", 0, 0, 1),
      rate("B", "old", "2026-10-22T10:00:00Z", 3, 3, 2),
    ],
  });
  // A machine rater's score is no physician's.
  await prisma.rating.create({ data: { responseId: answers.a0 as string, raterId: judge.id, raterKind: "machine", omissionHarm: 4, commissionHarm: 3, criticalActionResults: [], createdAt: new Date("2026-10-06T10:00:00Z") } });
  // A's gold rating (13 October) and a retest of a0 (23 October): quality ratings, never in `ratings`.
  const queue = await prisma.queue.create({ data: { studyId, name: unique("Quality"), seed: "drift" } });
  await prisma.goldScore.create({ data: { responseId: answers.g as string, studyId, omissionHarm: 2, commissionHarm: 2, criticalActionResults: [] } });
  const quality = async (what: string, purpose: "gold" | "retest", at: string, oh: number, ch: number) => {
    const item = await prisma.queueItem.create({ data: { queueId: queue.id, responseId: answers[what] as string, gold: purpose === "gold" } });
    const assignment = await prisma.assignment.create({
      data: { queueItemId: item.id, userId: physicians.A.userId, purpose, status: "submitted", leaseExpiresAt: new Date(at), submittedAt: new Date(at) },
    });
    await prisma.qualityRating.create({
      data: { assignmentId: assignment.id, responseId: answers[what] as string, userId: physicians.A.userId, kind: purpose, omissionHarm: oh, commissionHarm: ch, criticalActionResults: [], createdAt: new Date(at) },
    });
  };
  await quality("g", "gold", "2026-10-13T12:00:00Z", 2, 1);
  await quality("a0", "retest", "2026-10-23T12:00:00Z", 4, 3);
});

/** The §5 figures lib/stats gives on pairs written out by hand (K = 5 for OH, 4 for CH). */
function figures(pairs: Pair[], k: number) {
  const m = confusionMatrix(pairs, k);
  return { n: pairs.length, exact: exactAgreement(m), within1: withinOne(m), kappa_quadratic: cohenKappa(m, "quadratic") };
}
const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);

function expectSlice(slice: DriftSlice | undefined, expected: { n: number; oh: Pair[]; ch: Pair[]; own: [number[], number[]]; pool: [number[], number[]] }) {
  expect(slice?.n).toBe(expected.n);
  const co = (actual: DriftSlice["co_raters"]["omission_harm"] | undefined, wanted: ReturnType<typeof figures>) => {
    expect(actual?.n).toBe(wanted.n);
    for (const key of ["exact", "within1", "kappa_quadratic"] as const) {
      if (wanted[key] === null) expect(actual?.[key], key).toBeNull();
      else expect(actual?.[key], key).toBeCloseTo(wanted[key], 12);
    }
  };
  co(slice?.co_raters.omission_harm, figures(expected.oh, 5));
  co(slice?.co_raters.commission_harm, figures(expected.ch, 4));
  for (const [i, mean] of [slice?.mean_oh, slice?.mean_ch].entries()) {
    const own = expected.own[i] as number[];
    const pool = expected.pool[i] as number[];
    expect(mean?.physician).toBeCloseTo(sum(own) / own.length, 12);
    expect(mean?.pool).toBeCloseTo(sum(pool) / pool.length, 12);
    expect(mean?.pool_n).toBe(pool.length);
    expect(mean?.difference).toBeCloseTo(sum(own) / own.length - sum(pool) / pool.length, 12);
  }
}

describe("drift of one physician by week", () => {
  it("gives each week the co-rater figures, gold and means that lib/stats gives on the same pairs", async () => {
    const result = await get(`by=week&rater=${encodeURIComponent(names.A)}`);
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body.by).toBe("week");
    expect(result.body.physicians.map((p) => p.name).sort()).toEqual([names.A, names.B, names.C].sort());
    const [series, ...others] = result.body.series;
    expect(others).toEqual([]);
    expect(series?.id).toBe(physicians.A.raterId);
    expect(series?.ratings).toBe(5);
    expect(series?.slices.map((s) => s.label)).toEqual(["Week of 2026-10-05", "Week of 2026-10-12", "Week of 2026-10-19"]);
    const [w1, w2, w3] = series?.slices ?? [];
    // A's a0, a1 (with B and C, who rated it in week 2) and a2 (Sunday 23:30), against the other physicians; the machine's score is left out.
    expectSlice(w1, {
      n: 3,
      oh: [[1, 1], [3, 2], [3, 0], [0, 2]],
      ch: [[0, 1], [2, 2], [2, 0], [0, 1]],
      own: [[1, 3, 0], [0, 2, 0]],
      pool: [[1, 2, 2], [1, 2, 1]],
    });
    expect(w1?.gold.omission_harm).toEqual({ n: 0, exact: null, within1: null });
    expectSlice(w2, { n: 1, oh: [[4, 3]], ch: [[3, 3]], own: [[4], [3]], pool: [[3, 0, 1], [3, 0, 0]] });
    // Gold: OH 2 against 2, CH 1 against 2.
    expect(w2?.gold).toEqual({ omission_harm: { n: 1, exact: 1, within1: 1 }, commission_harm: { n: 1, exact: 0, within1: 1 } });
    // The earlier text's rating and the retest are not A's ratings; B's rating of the current text is in the pool.
    expectSlice(w3, { n: 1, oh: [[2, 2], [2, 4]], ch: [[1, 1], [1, 0]], own: [[2], [1]], pool: [[2, 4, 3], [1, 0, 3]] });
    expect(w3?.gold.commission_harm).toEqual({ n: 0, exact: null, within1: null });
  });

  it("names the physician by email as well, and gives every physician without `rater`", async () => {
    const byEmail = await get(`rater=${encodeURIComponent(physicians.A.email.toUpperCase())}`);
    expect(byEmail.status).toBe(200);
    expect(byEmail.body.series.map((s) => s.id)).toEqual([physicians.A.raterId]);
    const all = await get("");
    expect(all.status).toBe(200);
    expect(all.body.series.map((s) => [s.name, s.ratings]).sort()).toEqual(
      [
        [names.A, 5],
        [names.B, 6],
        [names.C, 3],
      ].sort(),
    );
    // Every physician has the same three weeks; B's third week holds a5 and the current text of "old".
    const ben = all.body.series.find((s) => s.name === names.B);
    expect(ben?.slices.map((s) => s.n)).toEqual([3, 1, 2]);
    expect(JSON.stringify(all.body)).not.toMatch(/NaN/);
  });
});

describe("drift by day and by blocks of ratings", () => {
  it("by day: every day from 5 to 22 October (the retest of the 23rd is no rating), A's ratings on their days", async () => {
    const result = await get(`by=day&rater=${physicians.A.raterId}`);
    expect(result.status).toBe(200);
    const slices = result.body.series[0]?.slices ?? [];
    expect(slices).toHaveLength(18);
    expect(slices.at(-1)?.label).toBe("2026-10-22");
    expect(slices.filter((s) => s.n > 0).map((s) => s.label)).toEqual(["2026-10-05", "2026-10-07", "2026-10-11", "2026-10-12", "2026-10-20"]);
    expect(slices.find((s) => s.label === "2026-10-16")).toMatchObject({ n: 0, mean_oh: { physician: null, pool: null, pool_n: 0, difference: null } });
  });

  it("by blocks of 2: the last block is short; spans are contiguous, so the gold rating between blocks counts; pairs as lib/stats gives them", async () => {
    const result = await get(`by=ratings&size=2&rater=${encodeURIComponent(names.A)}`);
    expect(result.status).toBe(200);
    expect(result.body.size).toBe(2);
    const slices = result.body.series[0]?.slices ?? [];
    expect(slices.map((s) => [s.label, s.n])).toEqual([
      ["Ratings 1–2", 2],
      ["Ratings 3–4", 2],
      ["Ratings 5–5", 1],
    ]);
    // Blocks cover all time: block 1 from -∞, block 3 (a5, 20 October) to +∞.
    expect(slices[0]).toMatchObject({ from: null, to: "2026-10-11T23:30:00.000Z", to_included: false });
    expect(slices[2]).toMatchObject({ from: "2026-10-20T09:00:00.000Z", to: null, to_included: false });
    // Block 2 is a2 (Sunday 23:30) and a3 (Monday 00:00), and its span runs on to A's next rating (a5, 20 October):
    // the pool is C's ratings of a3 and a1 and B's of a4, and A's gold rating of 13 October (between a3 and a5) counts in it.
    expect(slices[1]).toMatchObject({ from: "2026-10-11T23:30:00.000Z", to: "2026-10-20T09:00:00.000Z", to_included: false });
    expectSlice(slices[1], { n: 2, oh: [[0, 2], [4, 3]], ch: [[0, 1], [3, 3]], own: [[0, 4], [0, 3]], pool: [[3, 0, 1], [3, 0, 0]] });
    expect(slices[1]?.gold).toEqual({ omission_harm: { n: 1, exact: 1, within1: 1 }, commission_harm: { n: 1, exact: 0, within1: 1 } });
  });
});

describe("refusals", () => {
  it("refuses a rater (403) and an unauthenticated caller (401)", async () => {
    expect((await get<ApiErrorBody>("by=week", rater.token)).status).toBe(403);
    expect((await api(`/api/v1/studies/${studyId}/drift`)).status).toBe(401);
  });

  it("refuses an unknown parameter, an unknown slicing and a missing or stray block size by name (422)", async () => {
    for (const [query, field] of [
      ["by=week&colour=red", "colour"],
      ["by=month", "by"],
      ["by=ratings", "size"],
      ["by=ratings&size=0", "size"],
      ["by=ratings&size=two", "size"],
      ["by=week&size=5", "size"],
    ] as const) {
      const result = await get<ApiErrorBody>(query);
      expect(result.status, query).toBe(422);
      expect(result.body.error.details.map((d) => d.field), query).toContain(field);
    }
  });

  it("refuses a slicing of more than 1000 slices, naming it", async () => {
    // A rating ten years earlier stretches the study over more than 3,600 days.
    const early = await prisma.rating.create({
      data: { responseId: (await prisma.response.findFirstOrThrow({ where: { studyId, repetition: 4 } })).id, raterId: physicians.C.raterId, raterKind: "physician", omissionHarm: 0, commissionHarm: 0, criticalActionResults: [], createdAt: new Date("2016-10-05T00:00:00Z") },
    });
    try {
      const result = await get<ApiErrorBody>("by=day");
      expect(result.status).toBe(422);
      expect(result.body.error.details.map((d) => d.field)).toEqual(["by"]);
      expect((await get("by=week")).status).toBe(200);
    } finally {
      await prisma.rating.delete({ where: { id: early.id } });
    }
  });

  it("answers 404 for a physician not in the study and for a study that does not exist", async () => {
    expect((await get<ApiErrorBody>(`rater=${encodeURIComponent(rater.email)}`)).status).toBe(404);
    expect((await get<ApiErrorBody>("rater=nobody")).status).toBe(404);
    expect((await api(`/api/v1/studies/00000000-0000-7000-8000-000000000000/drift`, { token: researcher.token })).status).toBe(404);
  });
});
