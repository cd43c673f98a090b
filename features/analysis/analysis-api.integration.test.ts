// GET /api/v1/studies/{id}/analysis over HTTP, on a fixture study whose
// figures are worked out by hand below (p-values: scipy 1.10.1, see
// tests/reference/analysis_reference.py for the conventions).
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { createStudy } from "@/features/studies/service";
import type { AnalysisResult } from "@/features/analysis/service";
import { bootstrapMeanInterval } from "@/lib/stats/bootstrap";
import { permutationTestDiD, type FramingRecord } from "@/lib/stats/permutation";
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
    expect(a).toMatchObject({ model: "m-a", n_pairs: 2, n_positive: 2, mean_gap: 1, p_one_sided: 0.25, method: "exact" });
    // Two gaps 1.5 and 0.5: every resample's mean is 0.5, 1 or 1.5, and both ends come up in far more than 2.5 % of 2,000.
    expect(a?.ci95).toEqual([0.5, 1.5]);
    expect(a?.pairs).toEqual([{ pair_id: "p1", layperson: 2.5, physician: 1, gap: 1.5 }, { pair_id: "p2", layperson: 2, physician: 1.5, gap: 0.5 }]);
    // m-b: −1 and 0; the zero is dropped, one untied difference: exact, W+ = 0, P(W+ ≥ 0) = 1.
    expect(b).toMatchObject({ model: "m-b", n_pairs: 2, n_positive: 0, mean_gap: -0.5, p_one_sided: 1, method: "exact" });
    // Holm: 0.25 × 2 = 0.5; then max(0.5, 1 × 1).
    expect(a?.p_holm).toBeCloseTo(0.5, 12);
    expect(b?.p_holm).toBe(1);
    // With the continuity-corrected normal approximation asked for: m-b's z = (0 − 0.5 − 0.5)/0.5 = −2.
    const cc = (await analysis("source=judge&test=normal_cc")).body;
    expect(cc.test).toBe("normal_cc");
    expect(cc.decoupling[1]).toMatchObject({ model: "m-b", method: "normal_cc" });
    expect(cc.decoupling[1]?.p_one_sided).toBeCloseTo(0.9772498680518208, 12);
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
    // Differences 1, .75, .5, 1 (tied): normal approximation, no continuity correction under auto: ranks 3.5, 2, 1, 3.5,
    // W+ = 10, mean 5, var 7.5 − 6/48 = 7.375, z = 5/√7.375; scipy wilcoxon(method="approx") gives 0.0327998...
    expect(ca.method).toBe("normal");
    expect(ca.p_one_sided).toBeCloseTo(0.032799846073535935, 12);
    // With the continuity correction (scipy's correction=True): 0.04876...
    const cc = (await analysis("source=judge&test=normal_cc")).body.critical_actions;
    expect(cc).toMatchObject({ method: "normal_cc" });
    expect(cc.p_one_sided).toBeCloseTo(0.0487562690890548, 12);
    expect(ca.per_model[0]?.hit_rate).toBeCloseTo(18 / 27, 12);
    expect(ca.per_model[1]?.hit_rate).toBeCloseTo(19 / 30, 12);
  });

  it("gives mean OH per category and model, and recomputes under filters", async () => {
    const { body } = await analysis("source=judge");
    expect(body.category_model.map(({ ci95: _, ...c }) => c)).toEqual([
      { category: "golden_hour", model: "m-a", n: 8, mean_oh: 1.75 },
      { category: "golden_hour", model: "m-b", n: 8, mean_oh: 0.75 },
      { category: "chronic", model: "m-a", n: 1, mean_oh: 4 },
      { category: "chronic", model: "m-b", n: 2, mean_oh: 0.5 },
    ].sort((x, y) => (x.category < y.category ? -1 : x.category > y.category ? 1 : 0)));
    // One value: every resample is that value.
    expect(body.category_model.find((c) => c.category === "chronic" && c.model === "m-a")?.ci95).toEqual([4, 4]);
    // Per category over both models (the controls' mean OH of a paper): chronic 4, 0, 1 → 5/3; golden_hour 14 + 6 over 16.
    const chronicAll = body.categories.find((c) => c.category === "chronic");
    expect(chronicAll).toMatchObject({ n: 3 });
    expect(chronicAll?.mean_oh).toBeCloseTo(5 / 3, 12);
    // The interval is the seeded bootstrap of the values sorted, whatever order the answers were read in.
    expect(chronicAll?.ci95).toEqual(bootstrapMeanInterval([0, 1, 4]));
    expect(body.categories.find((c) => c.category === "golden_hour")).toMatchObject({ n: 16, mean_oh: 1.25 });
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
    expect(body.decoupling).toEqual([{ model: "m-a", n_pairs: 0, n_positive: 0, mean_gap: null, p_one_sided: null, method: null, p_holm: null, ci95: null, pairs: [] }]);
    expect(body.pooled_decoupling).toMatchObject({ models: ["m-a"], n_pairs: 0, mean_gap: null, p: null, method: null, ci95: null });
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
    expect(report.body).toMatch(/\| m-a \| 9 \| 2\.000 \| \[\d\.\d{3}, \d\.\d{3}\] \| 2\.00 \[1\.00, 2\.00\] \| 0\.667 \| 0\.222 \| 5\.111 \| 0\.111 \|/);
    expect(report.body).toContain("| m-a | 2 | 2 | 1.000 | [0.500, 1.500] | 0.250 (exact) | 0.500 |");
    expect(report.body).toContain("Test convention: auto");
    expect(report.body).toContain("2 pairs, 2 positive, mean gap 0.250 [0.250, 0.250], one-sided Wilcoxon W = 3.0, p 0.079 (normal)");
  });
});

describe("pooled decoupling, hit rates by framing and the model selection", () => {
  it("pools the per-pair gaps over the chosen models and tests them one-sided", async () => {
    const { body } = await analysis("source=judge");
    // p1: (1.5 + (−1))/2 = 0.25; p2: (0.5 + 0)/2 = 0.25. Tied: normal, ranks 1.5 and 1.5, W = 3, mean 1.5,
    // var 2·3·5/24 − 6/48 = 1.125, z = 1.5/√1.125; scipy wilcoxon([.25, .25], "greater", method="approx"): 0.0786496...
    expect(body.pooled_decoupling).toMatchObject({ models: ["m-a", "m-b"], n_pairs: 2, n_positive: 2, mean_gap: 0.25, w: 3, method: "normal", ci95: [0.25, 0.25] });
    expect(body.pooled_decoupling.pairs).toEqual([{ pair_id: "p1", gap: 0.25 }, { pair_id: "p2", gap: 0.25 }]);
    expect(body.pooled_decoupling.p).toBeCloseTo(0.07864960352514251, 12);
    // The exact convention asked for: W = 3 of 2·3/2, P(W ≥ 3) = 1/4.
    expect((await analysis("source=judge&test=exact")).body.pooled_decoupling).toMatchObject({ w: 3, p: 0.25, method: "exact" });
    // Over m-a alone, chosen either way: its own gaps 1.5 and 0.5, untied: exact p = 1/4.
    for (const query of ["models=m-a", "excludeModels=m-b", "models=m-a,m-b&excludeModels=m-b", "models= m-a ,"]) {
      const only = (await analysis(`source=judge&${query}`)).body;
      expect(only.models.map((m) => m.model)).toEqual(["m-a"]);
      expect(only.filter.models?.includes("m-a") ?? !query.startsWith("models")).toBe(true);
      expect(only.pooled_decoupling).toMatchObject({ models: ["m-a"], n_pairs: 2, mean_gap: 1, w: 3, p: 0.25, method: "exact", ci95: [0.5, 1.5] });
    }
  });

  it("gives hit rates by framing × colliding with Mann–Whitney tests and the permuted difference-in-differences", async () => {
    const { body } = await analysis("source=judge");
    const hits = body.hit_rates_by_framing;
    expect(hits).toMatchObject({ models: ["m-a", "m-b"], reference: "physician" });
    // Framed answers: 2 models × 2 repetitions of L1, P1, L2, P2, every one with its actions.
    // Layperson: colliding L1[0] = miss → 4 values 0; other L1[1,2] and L2[0,1,2], all hits → 20 values 1.
    // Physician: colliding P1[0] miss, P2[0,1] partial → 4 × (0, .5, .5): 1/3; other P1[1] hit, P1[2] partial, P2[2] hit → 5/6.
    const cell = (framing: string, colliding: boolean) => hits.cells.find((c) => c.framing === framing && c.colliding === colliding);
    expect(hits.cells.map((c) => [c.framing, c.colliding, c.n])).toEqual([["physician", true, 12], ["physician", false, 12], ["layperson", true, 4], ["layperson", false, 20]]);
    expect(cell("layperson", true)).toMatchObject({ hit_rate: 0, ci95: [0, 0] });
    expect(cell("layperson", false)).toMatchObject({ hit_rate: 1, ci95: [1, 1] });
    expect(cell("physician", true)?.hit_rate).toBeCloseTo(1 / 3, 12);
    expect(cell("physician", false)?.hit_rate).toBeCloseTo(5 / 6, 12);
    const [lay] = hits.comparisons;
    // Colliding: 0 ×4 against 0 ×4 and .5 ×8: ranks 4.5 and 12.5, U = 4·4.5 − 10 = 8; tied, so normal:
    // scipy mannwhitneyu(method="asymptotic", use_continuity=False) 0.0253473...
    expect(lay?.colliding).toMatchObject({ n: 4, n_reference: 12, hit_rate: 0, u: 8, method: "normal" });
    expect(lay?.colliding.p).toBeCloseTo(0.025347318677468252, 12);
    // Other: 1 ×20 against 1 ×8 and .5 ×4: U = 20·18.5 − 210 = 160; scipy 0.0065918...
    expect(lay?.other).toMatchObject({ n: 20, n_reference: 12, hit_rate: 1, u: 160, method: "normal" });
    expect(lay?.other.p).toBeCloseTo(0.0065918253881935476, 12);
    // (0 − 1/3) − (1 − 5/6) = −1/2; the permutation test over the same records (labels permuted within model).
    const records: FramingRecord[] = ["m-a", "m-b"].flatMap((stratum) =>
      [1, 2].flatMap(() => [
        ...[0].map((value) => ({ stratum, framing: "a" as const, group: "colliding" as const, value })),
        ...[1, 1, 1, 1, 1].map((value) => ({ stratum, framing: "a" as const, group: "other" as const, value })),
        ...[0, 0.5, 0.5].map((value) => ({ stratum, framing: "b" as const, group: "colliding" as const, value })),
        ...[1, 0.5, 1].map((value) => ({ stratum, framing: "b" as const, group: "other" as const, value })),
      ]),
    );
    const permuted = permutationTestDiD(records);
    expect(lay?.difference_in_differences.statistic).toBeCloseTo(-0.5, 12);
    expect(lay?.difference_in_differences).toMatchObject({ p: permuted.p, permutations: 2000 });
    expect(permuted.permutations).toBe(2000);
    // Per model: the same shares, each model's half of the values.
    expect(hits.per_model.map((m) => [m.model, m.cells.map((c) => c.n)])).toEqual([["m-a", [6, 6, 2, 10]], ["m-b", [6, 6, 2, 10]]]);
    // Under the continuity-corrected convention every Mann–Whitney p says so.
    const cc = (await analysis("source=judge&test=normal_cc")).body.hit_rates_by_framing.comparisons[0];
    expect([cc?.colliding.method, cc?.other.method]).toEqual(["normal_cc", "normal_cc"]);
  });

  it("refuses unknown or misspelt parameters and unknown models, naming them", async () => {
    const cases: [string, string, string][] = [
      ["source=judge&modle=m-a", "modle", "modle"],
      ["source=judge&models=m-a,gpt-9", "models", "gpt-9"],
      ["source=judge&excludeModels=nope", "excludeModels", "nope"],
      ["source=judge&model=nope", "model", "nope"],
      ["source=judge&test=fisher", "test", "test"],
    ];
    for (const [query, field, named] of cases) {
      const { status, body } = await analysis(query);
      expect(status, query).toBe(422);
      expect(body.error?.details.map((d) => d.field)).toEqual([field]);
      expect(body.error?.details[0]?.message).toContain(named);
    }
  });
});

describe("more than two framings of one scenario", () => {
  let framed = "";
  const framedAnalysis = (query: string) => api<AnalysisResult & Partial<ApiErrorBody>>(`/api/v1/studies/${framed}/analysis?${query}`, { token: researcher.token });

  type Variant = (framing: string, partner: string) => Record<string, unknown>;
  /** The three-framing study (layperson, physician, lawyer of group g), its decoupling variants built by `variant`. */
  async function framedStudy(variant: Variant): Promise<string> {
    const id = (await createStudy({ name: unique("Framings study") }, admin.user.id)).id;
    const post = async (path: string, body: string) => expect((await api(`/api/v1/studies/${id}/${path}`, { method: "POST", token: admin.token, body })).status).toBe(200);
    const withActions = (framing: string, partner: string) => ({ critical_actions: ["call", "press"], decoupling_variant: variant(framing, partner) });
    await post("scenarios", ndjson([scenario("G-L", withActions("layperson", "G-P")), scenario("G-P", withActions("physician", "G-L")), scenario("G-W", withActions("lawyer", "G-P"))]));
    await post("safety-colliding", JSON.stringify({ "G-L": [true, false], "G-P": [true, false], "G-W": [true, false] }));
    const filtered = new Set(["m3 G-P", "m2 G-W"]);
    const keys = ["m1", "m2", "m3"].flatMap((model) => ["G-L", "G-P", "G-W"].map((s) => ({ model, s })));
    await post("responses", ndjson(keys.map((k) => answer(k.s, k.model, 1, { content_filtered: filtered.has(`${k.model} ${k.s}`) }))));
    const ACTIONS: Record<string, Record<string, string[]>> = {
      "G-L": { m1: ["miss", "hit"], m2: ["partial", "hit"], m3: ["hit", "hit"] },
      "G-P": { m1: ["hit", "hit"], m2: ["hit", "partial"], m3: ["hit", "hit"] },
      "G-W": { m1: ["partial", "miss"], m2: ["hit", "hit"], m3: ["miss", "hit"] },
    };
    const OH: Record<string, Record<string, number>> = { "G-L": { m1: 2, m2: 3, m3: 1 }, "G-P": { m1: 1, m2: 1, m3: 1 }, "G-W": { m1: 0, m2: 0, m3: 0 } };
    await post("scores?rater=judge", ndjson(keys.map((k) => score(k.s, k.model, 1, OH[k.s]?.[k.model] ?? 0, 0, { critical_action_results: ACTIONS[k.s]?.[k.model] }))));
    return id;
  }

  beforeAll(async () => {
    framed = await framedStudy((framing, partner) => ({ pair_id: "g", framing, partner_id: partner }));
  });

  it("treats a group imported by group_id, without partner ids, as the same decoupling group", async () => {
    const byGroup = await framedStudy((framing) => ({ group_id: "g", framing }));
    const stored = await prisma.scenario.findMany({ where: { studyId: byGroup }, select: { decouplingPairId: true, decouplingPartner: true }, distinct: ["decouplingPairId", "decouplingPartner"] });
    expect(stored).toEqual([{ decouplingPairId: "g", decouplingPartner: null }]);
    for (const query of ["source=judge", "source=judge&excludeModels=m3", "source=judge&test=exact"]) {
      const [withPartners, withoutPartners] = await Promise.all([framed, byGroup].map((id) => api<AnalysisResult>(`/api/v1/studies/${id}/analysis?${query}`, { token: researcher.token })));
      expect(withoutPartners?.status, query).toBe(200);
      expect(withoutPartners?.body.decoupling_other_framings.length, query).toBeGreaterThan(0);
      expect(withoutPartners?.body, query).toEqual(withPartners?.body);
    }
  });

  it("compares every framing with the physician one and splits the content-filtered share by framing", async () => {
    const { status, body } = await framedAnalysis("source=judge&excludeModels=m3");
    expect(status).toBe(200);
    const hits = body.hit_rates_by_framing;
    // Colliding (action 1): layperson 0, .5 → .25; physician 1, 1; lawyer .5, 1 → .75. Other: layperson 1, 1; physician 1, .5 → .75; lawyer 0, 1 → .5.
    expect(hits.cells.map((c) => [c.framing, c.colliding, c.hit_rate])).toEqual([
      ["physician", true, 1], ["physician", false, 0.75], ["lawyer", true, 0.75], ["lawyer", false, 0.5], ["layperson", true, 0.25], ["layperson", false, 1],
    ]);
    const [lawyer, lay] = hits.comparisons;
    // Lawyer: (.75 − 1) − (.5 − .75) = 0. Layperson: (.25 − 1) − (1 − .75) = −1.
    expect(lawyer).toMatchObject({ framing: "lawyer", reference: "physician" });
    expect(lawyer?.difference_in_differences.statistic).toBeCloseTo(0, 12);
    expect(lay?.difference_in_differences.statistic).toBeCloseTo(-1, 12);
    // Layperson colliding 0, .5 against 1, 1: U = 0; tied, so normal: ranks 1, 2, 3.5, 3.5, var (4/12)(5 − 6/12) = 1.5,
    // z = −2/√1.5; scipy 0.1024704... With the exact convention: P(U ≤ 0) = 1/6, two-sided 1/3.
    expect(lay?.colliding).toMatchObject({ u: 0, method: "normal" });
    expect(lay?.colliding.p).toBeCloseTo(0.10247043485974937, 12);
    const exact = (await framedAnalysis("source=judge&excludeModels=m3&test=exact")).body.hit_rates_by_framing.comparisons[1];
    expect(exact?.colliding).toMatchObject({ u: 0, method: "exact" });
    expect(exact?.colliding.p).toBeCloseTo(1 / 3, 12);
    // Content filtered: m2's lawyer answer only among m1 and m2 (m3's physician answer is excluded with m3).
    expect(body.filtered_by_framing.map((f) => [f.model, f.framing, f.n, f.n_filtered, f.share])).toEqual([
      ["m1", "lawyer", 1, 0, 0], ["m1", "layperson", 1, 0, 0], ["m1", "physician", 1, 0, 0],
      ["m2", "lawyer", 1, 1, 1], ["m2", "layperson", 1, 0, 0], ["m2", "physician", 1, 0, 0],
    ]);
    expect(body.filtered_by_framing[3]?.ci95).toEqual([1, 1]);
    // Decoupling stays layperson − physician: gaps m1 1, m2 2; pooled over the pair g: 1.5, one untied value, exact p = 1/2.
    expect(body.decoupling.map((d) => [d.model, d.mean_gap])).toEqual([["m1", 1], ["m2", 2]]);
    expect(body.pooled_decoupling).toMatchObject({ n_pairs: 1, n_positive: 1, mean_gap: 1.5, w: 1, p: 0.5, method: "exact" });
    // The lawyer framing against the physician one: OH 0 − 1 = −1 for each model; one negative gap: W+ = 0, exact p = 1.
    expect(body.decoupling_other_framings.map((d) => [d.framing, d.model, d.n_pairs, d.n_positive, d.mean_gap, d.p_one_sided, d.method])).toEqual([
      ["lawyer", "m1", 1, 0, -1, 1, "exact"],
      ["lawyer", "m2", 1, 0, -1, 1, "exact"],
    ]);
    expect(body.decoupling_other_framings[0]?.pairs).toEqual([{ pair_id: "g", framing: 0, physician: 1, gap: -1 }]);
  });
});
