// GET /api/v1/studies/{id}/agreement over HTTP, on machine scores imported
// through the API, against the committed reference values (tests/reference/).
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import type { Pair } from "@/lib/stats/agreement";
import { agreement } from "@/lib/stats/summary";
import { createStudy } from "@/features/studies/service";
import { answer, ndjson, scenario, score } from "@/tests/fixtures/study";
import { api, unique, userWithToken, type ApiErrorBody } from "@/tests/integration/helpers";

interface ReferenceCase {
  name: string;
  pairs: Pair[];
  [figure: string]: unknown;
}
const reference = JSON.parse(readFileSync(path.join(import.meta.dirname, "../../tests/reference/agreement-reference.json"), "utf8")) as ReferenceCase[];
const ohCase = reference.find((c) => c.name.startsWith("omission harm"));
const chCase = reference.find((c) => c.name.startsWith("commission harm"));
const FIGURES = ["exact", "within1", "mean_diff", "kappa", "kappa_linear", "kappa_quadratic", "gwet_ac1", "alpha_ordinal"];

let admin: Awaited<ReturnType<typeof userWithToken>>;
let researcher: Awaited<ReturnType<typeof userWithToken>>;
let studyId = "";

async function post(kind: string, body: string, query = "") {
  const result = await api(`/api/v1/studies/${studyId}/${kind}${query}`, { method: "POST", token: admin.token, body });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
}

beforeAll(async () => {
  [admin, researcher] = await Promise.all([userWithToken("admin"), userWithToken("researcher")]);
  studyId = (await createStudy({ name: unique("Agreement") }, admin.user.id)).id;
  const ch = chCase?.pairs ?? [];
  const oh = ohCase?.pairs ?? [];
  await post("scenarios", JSON.stringify(scenario("S1")));
  await post("responses", ndjson(Array.from({ length: ch.length + 1 }, (_, i) => answer("S1", "m", i))));
  // OH pairs: the reference's 60 on the first answers, -1 (not scored) on the rest.
  const rows = (side: 0 | 1) =>
    ch.map(([a, b], i) => score("S1", "m", i, oh[i]?.[side] ?? -1, side === 0 ? a : b));
  await post("scores", ndjson([...rows(0), score("S1", "m", ch.length, 4, 3)]), "?rater=judge-a");
  await post("scores", ndjson(rows(1)), "?rater=judge-b");
});

const get = (query: string, token = researcher.token) => api<Record<string, unknown> & Partial<ApiErrorBody>>(`/api/v1/studies/${studyId}/agreement?${query}`, { token });

describe("agreement between two named raters", () => {
  it("matches the reference figures on omission harm, leaving out -1 and unpaired answers", async () => {
    const result = await get("scale=omission_harm&raterA=judge-a&raterB=judge-b");
    expect(result.status).toBe(200);
    expect(result.body.n).toBe(60);
    for (const figure of FIGURES) expect(result.body[figure], figure).toBeCloseTo(ohCase?.[figure] as number, 10);
    // Two machine raters: no physician to miss against, so no judge miss rate.
    expect(result.body).not.toHaveProperty("judge_miss_rate");
    expect(result.body).not.toHaveProperty("judge");
  });

  it("matches the reference figures on commission harm over the scale's 4 categories", async () => {
    const result = await get("scale=commission_harm&raterA=judge-a&raterB=judge-b");
    expect(result.body.n).toBe(200);
    expect(result.body.confusion).toHaveLength(4);
    for (const figure of FIGURES) expect(result.body[figure], figure).toBeCloseTo(chCase?.[figure] as number, 10);
    expect(result.body).not.toHaveProperty("judge_miss_rate");
  });

  it("gives the same 95% intervals for the same request, each around its figure", async () => {
    const first = await get("scale=commission_harm&raterA=judge-a&raterB=judge-b");
    const second = await get("scale=commission_harm&raterA=judge-a&raterB=judge-b");
    expect(second.body.ci95).toEqual(first.body.ci95);
    const ci = first.body.ci95 as Record<string, [number, number]>;
    expect(ci.kappa_quadratic?.[0]).toBeLessThan(first.body.kappa_quadratic as number);
    expect(ci.kappa_quadratic?.[1]).toBeGreaterThan(first.body.kappa_quadratic as number);
  });

  it("swaps rows and columns when the raters are named the other way round", async () => {
    const ab = await get("scale=omission_harm&raterA=judge-a&raterB=judge-b");
    const ba = await get("scale=omission_harm&raterA=judge-b&raterB=judge-a");
    const transposed = (ab.body.confusion as number[][]).map((row, i) => row.map((_, j) => (ab.body.confusion as number[][])[j]?.[i]));
    expect(ba.body.confusion).toEqual(transposed);
    expect(ba.body.mean_diff).toBeCloseTo(-(ab.body.mean_diff as number), 12);
  });
});

describe("pooled physician agreement", () => {
  it("pairs each answer's first and second physician ratings", async () => {
    const [dr1, dr2] = await Promise.all([userWithToken("rater"), userWithToken("rater")]);
    const raters = await prisma.rater.findMany({ where: { userId: { in: [dr1.user.id, dr2.user.id] } } });
    const byUser = new Map(raters.map((r) => [r.userId, r]));
    const responses = await prisma.response.findMany({ where: { studyId }, orderBy: { repetition: "asc" }, take: 12 });
    const pairs: Pair[] = responses.map((_, i) => [i % 5, (i * 3) % 5]);
    for (const [i, response] of responses.entries()) {
      // Alternate who rates first: the pooled A is the first rating in time, whoever gave it.
      const [first, second] = i % 2 === 0 ? [dr1, dr2] : [dr2, dr1];
      for (const [order, who] of [first, second].entries()) {
        const rater = byUser.get(who.user.id);
        if (!rater) throw new Error("no rater record");
        await prisma.rating.create({
          data: {
            responseId: response.id,
            raterId: rater.id,
            raterKind: "physician",
            omissionHarm: pairs[i]?.[order] ?? 0,
            commissionHarm: 0,
            createdAt: new Date(Date.UTC(2026, 0, 1, 0, i, order)),
          },
        });
      }
    }
    const result = await get("scale=omission_harm");
    const expected = agreement(pairs, 5);
    expect(result.body.n).toBe(12);
    expect(result.body.confusion).toEqual(expected.confusion);
    expect(result.body.kappa_quadratic).toBeCloseTo(expected.kappa_quadratic ?? Number.NaN, 12);
    expect(result.body).not.toHaveProperty("judge_miss_rate");
    // 12 pairs, at least the minimum: the intervals are the seeded bootstrap's.
    expect(result.body.ci95).toEqual(expected.ci95);
  });
});

describe("agreement requests", () => {
  it("name the problem: unknown rater (404), one rater only or a bad scale (422), a queue of another study (404)", async () => {
    expect((await get("scale=omission_harm&raterA=judge-a&raterB=nobody")).body.error?.message).toBe('A rater named "nobody" in this study was not found.');
    const one = await get("scale=omission_harm&raterA=judge-a");
    expect(one.status).toBe(422);
    expect(one.body.error?.details[0]?.field).toBe("raterB");
    const same = await get("scale=omission_harm&raterA=judge-a&raterB=judge-a");
    expect(same.status).toBe(422);
    expect(same.body.error?.details[0]?.field).toBe("raterB");
    const onlyB = await get("scale=omission_harm&raterB=judge-a");
    expect(onlyB.status).toBe(422);
    expect(onlyB.body.error?.details[0]?.field).toBe("raterA");
    const scale = await get("scale=ttt");
    expect(scale.status).toBe(422);
    expect(scale.body.error?.details[0]).toMatchObject({ field: "scale" });
    const other = await createStudy({ name: unique("Other") }, admin.user.id);
    const queue = await prisma.queue.create({ data: { studyId: other.id, name: "q", seed: "s" } });
    expect((await get(`scale=omission_harm&queue=${queue.id}`)).status).toBe(404);
  });

  it("are for researchers and admins only", async () => {
    const rater = await userWithToken("rater");
    expect((await get("scale=omission_harm", rater.token)).status).toBe(403);
    expect((await get("scale=omission_harm", admin.token)).status).toBe(200);
  });
});

describe("naming raters (raterA, raterB)", () => {
  it("takes a rater's id as well as its name", async () => {
    const judgeA = await prisma.rater.findFirstOrThrow({ where: { studyId, name: "judge-a" } });
    const byName = await get("scale=omission_harm&raterA=judge-a&raterB=judge-b");
    const byId = await get(`scale=omission_harm&raterA=${judgeA.id}&raterB=judge-b`);
    expect(byId.status).toBe(200);
    expect(byId.body).toEqual(byName.body);
    expect(byId.body.raters).toEqual({ a: "judge-a", b: "judge-b" });
  });

  it("takes a physician with a rating in the study by email, but not a physician of another study", async () => {
    const [inStudy, elsewhere] = await Promise.all([userWithToken("rater"), userWithToken("rater")]);
    const rater = await prisma.rater.findUniqueOrThrow({ where: { userId: inStudy.user.id } });
    // The last answer, which no other physician rated: it forms no pooled pair.
    const last = await prisma.response.findFirstOrThrow({ where: { studyId }, orderBy: { repetition: "desc" } });
    await prisma.rating.create({ data: { responseId: last.id, raterId: rater.id, raterKind: "physician", omissionHarm: 4, commissionHarm: 3 } });
    const named = await get(`scale=omission_harm&raterA=${inStudy.email}&raterB=judge-a`);
    expect(named.status).toBe(200);
    expect(named.body).toMatchObject({ raters: { a: "Test rater", b: "judge-a" }, n: 1, judge: "judge-a", judge_miss_rate: 0 });
    // One pair, (4, 4): exact agreement 1, but no interval to make it look conclusive.
    expect(named.body.exact).toBe(1);
    expect((named.body.ci95 as Record<string, unknown>).exact).toBeNull();
    // The judge named first is still the judge.
    const turned = await get(`scale=omission_harm&raterA=judge-a&raterB=${inStudy.email}`);
    expect(turned.body).toMatchObject({ raters: { a: "judge-a", b: "Test rater" }, judge: "judge-a", judge_miss_rate: 0 });

    // In the pool of another study's queue, so a physician of that study only.
    const other = await createStudy({ name: unique("Other") }, admin.user.id);
    const queue = await prisma.queue.create({ data: { studyId: other.id, name: "q", seed: "s" } });
    await prisma.queueRater.create({ data: { queueId: queue.id, userId: elsewhere.user.id } });
    const outsider = await prisma.rater.findUniqueOrThrow({ where: { userId: elsewhere.user.id } });
    for (const given of [elsewhere.email, outsider.id]) {
      const refused = await get(`scale=omission_harm&raterA=judge-a&raterB=${given}`);
      expect(refused.status).toBe(404);
      expect(refused.body.error?.message).toBe(`A rater named "${given}" in this study was not found.`);
    }
  });
});
