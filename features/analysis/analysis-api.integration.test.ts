// GET /api/v1/studies/{id}/analysis over HTTP, on a fixture study whose
// figures are worked out by hand below (p-values: scipy 1.10.1, see
// tests/reference/analysis_reference.py for the conventions).
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { createStudy } from "@/features/studies/service";
import type { AnalysisResult } from "@/features/analysis/service";
import { answer, ndjson, scenario, score } from "@/tests/fixtures/study";
import { api, unique, userWithToken, type ApiErrorBody } from "@/tests/integration/helpers";

// Scenarios: decoupling pairs p1 (L1 layperson / P1 physician, acuity 4) and p2 (L2 / P2, acuity 2), all in one category;
// X outside any pair, "chronic", acuity 1. (The others are the fixture's "golden_hour".)
const pairOf = (pair: string, framing: string, partner: string) => ({ decoupling_variant: { pair_id: pair, framing, partner_id: partner } });
const SCENARIOS = [
  scenario("L1", { acuity_weight: 4, ...pairOf("p1", "layperson", "P1") }),
  scenario("P1", { acuity_weight: 4, ...pairOf("p1", "physician", "L1") }),
  scenario("L2", { acuity_weight: 2, ...pairOf("p2", "layperson", "P2") }),
  scenario("P2", { acuity_weight: 2, ...pairOf("p2", "physician", "L2") }),
  scenario("X", { acuity_weight: 1, quadrant: "chronic" }),
];
const COLLIDING = { L1: [true, false, false], P1: [true, false, false], L2: [false, false, false], P2: [true, true, false], X: [true, false, true] };
// The judge's OH for repetitions 1 and 2; -1: could not be scored.
const JUDGE_OH: Record<string, Record<string, [number, number]>> = {
  "m-a": { L1: [3, 2], P1: [1, 1], L2: [2, 2], P2: [2, 1], X: [4, -1] },
  "m-b": { L1: [1, 1], P1: [2, 2], L2: [0, 0], P2: [0, 0], X: [0, 1] },
};
const JUDGE_ACTIONS: Record<string, string[]> = {
  L1: ["miss", "hit", "hit"], P1: ["miss", "hit", "partial"], L2: ["hit", "hit", "hit"], P2: ["partial", "partial", "hit"], X: ["miss", "hit", "miss"],
};

let admin: Awaited<ReturnType<typeof userWithToken>>;
let researcher: Awaited<ReturnType<typeof userWithToken>>;
let studyId = "";

const analysis = (query: string) => api<AnalysisResult & Partial<ApiErrorBody>>(`/api/v1/studies/${studyId}/analysis?${query}`, { token: researcher.token });

beforeAll(async () => {
  admin = await userWithToken("admin");
  researcher = await userWithToken("researcher");
  studyId = (await createStudy({ name: unique("Analysis study") }, admin.user.id)).id;
  const post = async (path: string, body: string) => expect((await api(`/api/v1/studies/${studyId}/${path}`, { method: "POST", token: admin.token, body })).status).toBe(200);
  await post("scenarios", ndjson(SCENARIOS));
  await post("safety-colliding", JSON.stringify(COLLIDING));
  const keys = Object.entries(JUDGE_OH).flatMap(([model, byScenario]) => Object.entries(byScenario).flatMap(([s, ohs]) => ohs.map((oh, i) => ({ model, s, rep: i + 1, oh }))));
  await post("responses", ndjson(keys.map((k) => answer(k.s, k.model, k.rep, { content_filtered: k.model === "m-a" && k.s === "X" && k.rep === 1 }))));
  await post(
    "scores?rater=judge",
    ndjson(keys.map((k) => score(k.s, k.model, k.rep, k.oh, k.oh === -1 ? -1 : k.model === "m-a" && k.s === "X" ? 2 : 0, k.oh === -1 ? {} : { critical_action_results: JUDGE_ACTIONS[k.s] }))),
  );
});

describe("the analysis from a machine rater", () => {
  it("summarises harm per model", async () => {
    const { status, body } = await analysis("source=judge");
    expect(status).toBe(200);
    const [a, b] = body.models;
    // m-a: OH 3,2,1,1,2,2,2,1,4 (X rep 2 unscored); sorted 1,1,1,2,2,2,2,3,4.
    expect(a).toMatchObject({ model: "m-a", n: 9, mean_oh: 2, median_oh: 2, q1_oh: 1, q3_oh: 2, share_content_filtered: 1 / 9 });
    expect(a?.share_oh_ge_2).toBeCloseTo(6 / 9, 12);
    // Σ OH × acuity = 12 + 8 + 4 + 4 + 4 + 4 + 4 + 2 + 4 = 46.
    expect(a?.weighted_mean_oh).toBeCloseTo(46 / 9, 12);
    expect(a?.mean_ch).toBeCloseTo(2 / 9, 12);
    // m-b: 1,1,2,2,0,0,0,0,0,1 → sorted 0,0,0,0,0,1,1,1,2,2.
    expect(b).toMatchObject({ model: "m-b", n: 10, median_oh: 0.5, q1_oh: 0, q3_oh: 1, share_oh_ge_2: 0.2, mean_ch: 0, share_content_filtered: 0 });
    expect(b?.mean_oh).toBeCloseTo(0.7, 12);
    expect(b?.weighted_mean_oh).toBeCloseTo(2.5, 12);
  });

  it("computes the decoupling gaps with their one-sided tests and Holm's adjustment", async () => {
    const { body } = await analysis("source=judge");
    const [a, b] = body.decoupling;
    // m-a: p1 (3+2)/2 − 1 = 1.5, p2 2 − 1.5 = 0.5: exact, W+ = 3 of 3, p = 1/4.
    expect(a).toMatchObject({ model: "m-a", n_pairs: 2, n_positive: 2, mean_gap: 1, p_one_sided: 0.25 });
    expect(a?.pairs).toEqual([{ pair_id: "p1", layperson: 2.5, physician: 1, gap: 1.5 }, { pair_id: "p2", layperson: 2, physician: 1.5, gap: 0.5 }]);
    // m-b: −1 and 0; the zero forces the normal approximation: z = (0 − 0.5 − 0.5)/0.5 = −2.
    expect(b).toMatchObject({ model: "m-b", n_pairs: 2, n_positive: 0, mean_gap: -0.5 });
    expect(b?.p_one_sided).toBeCloseTo(0.9772498680518208, 12);
    // Holm: 0.25 × 2 = 0.5; then max(0.5, 0.9772 × 1).
    expect(a?.p_holm).toBeCloseTo(0.5, 12);
    expect(b?.p_holm).toBeCloseTo(0.9772498680518208, 12);
  });

  it("rates critical actions, safety-colliding against the rest, per scenario and per model", async () => {
    const { body } = await analysis("source=judge");
    const ca = body.critical_actions;
    // 57 results (X rep 2 of m-a has none) summing to 37; 22 colliding ones sum to 4.
    expect(ca.hit_rate).toBeCloseTo(37 / 57, 12);
    expect(ca.colliding_hit_rate).toBeCloseTo(4 / 22, 12);
    expect(ca.noncolliding_hit_rate).toBeCloseTo(33 / 35, 12);
    expect(ca.per_scenario.map((s) => [s.scenario, s.difference])).toEqual([["L1", 1], ["L2", null], ["P1", 0.75], ["P2", 0.5], ["X", 1]]);
    expect(ca).toMatchObject({ n_scenarios: 4, mean_difference: 0.8125 });
    // Differences 1, .75, .5, 1 (tied): normal approximation.
    expect(ca.p_one_sided).toBeCloseTo(0.0487562690890548, 12);
    expect(ca.per_model[0]?.hit_rate).toBeCloseTo(18 / 27, 12);
    expect(ca.per_model[1]?.hit_rate).toBeCloseTo(19 / 30, 12);
  });

  it("gives mean OH per category and model, and recomputes under filters", async () => {
    const { body } = await analysis("source=judge");
    expect(body.category_model).toEqual([
      { category: "golden_hour", model: "m-a", n: 8, mean_oh: 1.75 },
      { category: "golden_hour", model: "m-b", n: 8, mean_oh: 0.75 },
      { category: "chronic", model: "m-a", n: 1, mean_oh: 4 },
      { category: "chronic", model: "m-b", n: 2, mean_oh: 0.5 },
    ].sort((x, y) => (x.category < y.category ? -1 : x.category > y.category ? 1 : 0)));
    const chronic = (await analysis("source=judge&category=chronic")).body;
    expect(chronic.models.map((m) => [m.model, m.n, m.mean_oh])).toEqual([["m-a", 1, 4], ["m-b", 2, 0.5]]);
    expect(chronic.decoupling).toEqual([]);
    const modelB = (await analysis("source=judge&model=m-b")).body;
    expect(modelB.models.map((m) => m.model)).toEqual(["m-b"]);
  });
});

describe("the analysis from the physicians", () => {
  it("takes the mean of each answer's physician ratings", async () => {
    const target = await prisma.response.findFirstOrThrow({ where: { studyId, modelId: "m-a", repetition: 1, scenario: { externalId: "L1" } } });
    for (const [i, oh] of [1, 2].entries()) {
      const user = await prisma.user.create({ data: { email: `${unique("an")}@test.tandem`, name: `Dr ${i}`, role: "rater", passwordHash: "x" } });
      const rater = await prisma.rater.create({ data: { kind: "physician", userId: user.id, name: user.name } });
      await prisma.rating.create({
        data: { responseId: target.id, raterId: rater.id, raterKind: "physician", omissionHarm: oh, commissionHarm: i, criticalActionResults: i === 0 ? ["hit", "hit", "miss"] : ["miss", "hit", "miss"], responseClass: "substantive", omissionMechanism: "none", reasoning: "r" },
      });
    }
    const { body } = await analysis("source=physicians");
    expect(body.models).toHaveLength(1);
    expect(body.models[0]).toMatchObject({ model: "m-a", n: 1, mean_oh: 1.5, median_oh: 1.5, share_oh_ge_2: 0, mean_ch: 0.5, weighted_mean_oh: 6 });
    expect(body.critical_actions.per_scenario[0]).toMatchObject({ scenario: "L1", colliding: 0.5, noncolliding: 0.5 });
    // L1's partner P1 has no physician rating: no complete pair, no test.
    expect(body.decoupling).toEqual([{ model: "m-a", n_pairs: 0, n_positive: 0, mean_gap: null, p_one_sided: null, p_holm: null, pairs: [] }]);
  });
});

describe("access and errors", () => {
  it("404s an unknown source, 403s a rater, and serves a Markdown report", async () => {
    const unknown = await analysis("source=nobody");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.message).toContain('"nobody"');
    const rater = await userWithToken("rater");
    expect((await api(`/api/v1/studies/${studyId}/analysis`, { token: rater.token })).status).toBe(403);
    const report = await api<string>(`/api/v1/studies/${studyId}/analysis?source=judge&format=md`, { token: researcher.token });
    expect(report.contentType).toContain("text/markdown");
    expect(report.body).toContain("| m-a | 9 | 2.000 | 2.00 [1.00, 2.00] | 0.667 | 0.222 | 5.111 | 0.111 |");
    expect(report.body).toContain("| m-a | 2 | 2 | 1.000 | 0.250 | 0.500 |");
  });
});
