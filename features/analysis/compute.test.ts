import { describe, expect, it } from "vitest";
import { analyseStudy, scoreAnswers, type AnswerRating, type ScoredAnswer } from "./compute";

const answer = (overrides: Partial<ScoredAnswer>): ScoredAnswer => ({
  model: "m1", scenario: "S1", category: "acute", acuityWeight: 1, pairId: null, framing: null, contentFiltered: false, oh: 0, ch: 0, actions: null, ...overrides,
});

describe("per model", () => {
  it("gives n, mean, median with IQR, share OH ≥ 2, mean CH, acuity-weighted OH and content-filtered share, by hand", () => {
    const answers = [
      answer({ oh: 0, ch: 1, acuityWeight: 4 }),
      answer({ oh: 2, ch: 0, acuityWeight: 4 }),
      answer({ oh: 3, ch: 2, acuityWeight: 1, contentFiltered: true }),
      answer({ oh: 4, ch: null, acuityWeight: 2 }),
      // Unscored (-1 or not rated): not counted in n, OH figures or content-filtered share.
      answer({ oh: null, ch: null, contentFiltered: true }),
      answer({ model: "m2", oh: 1.5, ch: 0 }),
    ];
    const [m1, m2] = analyseStudy(answers, new Map()).models;
    expect(m1).toMatchObject({ model: "m1", n: 4, mean_oh: 2.25, median_oh: 2.5, q1_oh: 1.5, q3_oh: 3.25, share_oh_ge_2: 0.75, mean_ch: 1, share_content_filtered: 0.25 });
    // (0·4 + 2·4 + 3·1 + 4·2) / 4 = 19 / 4
    expect(m1?.weighted_mean_oh).toBe(4.75);
    expect(m1?.oh_distribution).toEqual([1, 0, 0, 0, 1, 0, 1, 0, 1]);
    expect(m2?.oh_distribution).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0]);
  });
});

describe("decoupling", () => {
  const pair = (model: string, pairId: string, layperson: number[], physician: number[]) => [
    ...layperson.map((oh) => answer({ model, pairId, framing: "layperson", scenario: `${pairId}-L`, oh })),
    ...physician.map((oh) => answer({ model, pairId, framing: "physician", scenario: `${pairId}-P`, oh })),
  ];

  it("averages repetitions, takes layperson − physician per pair, tests gaps > 0 and adjusts across models", () => {
    const answers = [
      ...pair("m1", "p1", [2, 3], [1, 1]), // 2.5 − 1 = 1.5
      ...pair("m1", "p2", [2], [0, 1]), // 2 − 0.5 = 1.5 (a tie with p1)
      ...pair("m1", "p3", [1], [2]), // −1
      ...pair("m1", "p4", [3], []), // one side unscored: does not count
      ...pair("m2", "p1", [4], [1]), // 3
      ...pair("m2", "p2", [2], [1]), // 1
      ...pair("m2", "p3", [1], [1]), // 0: dropped by the test, counted as a pair
    ];
    const [m1, m2] = analyseStudy(answers, new Map(), { test: "normal_cc" }).decoupling;
    expect(m1).toMatchObject({ model: "m1", n_pairs: 3, n_positive: 2, method: "normal_cc" });
    expect(m1?.mean_gap).toBeCloseTo(2 / 3, 11);
    expect(m1?.pairs.map((p) => [p.pair_id, p.gap])).toEqual([["p1", 1.5], ["p2", 1.5], ["p3", -1]]);
    // Ties (1.5, 1.5), continuity-corrected normal approximation. |d| ranks 2.5, 2.5, 1 → W+ = 5, mean 3,
    // var 14/4 − (8−2)/48 = 3.375, z = (5 − 3 − 0.5)/√3.375; scipy (normal, correction=True) gives 0.2071...
    expect(m1?.p_one_sided).toBeCloseTo(0.20710809, 7);
    // Gaps 3, 1, 0: the zero is dropped: W+ = 3, mean 1.5, var 1.25, z = (3 − 1.5 − 0.5)/√1.25; scipy gives 0.18554668...
    expect(m2).toMatchObject({ n_pairs: 3, n_positive: 2, method: "normal_cc" });
    expect(m2?.mean_gap).toBeCloseTo(4 / 3, 11);
    expect(m2?.p_one_sided).toBeCloseTo(0.18554668476134878, 12);
    // Holm over two: 0.1855 × 2 = 0.3711 for the smaller, then max(0.3711, 0.2071 × 1) for the larger.
    expect(m2?.p_holm).toBeCloseTo(0.37109336952269756, 12);
    expect(m1?.p_holm).toBeCloseTo(0.37109336952269756, 12);

    // The default convention, auto: m1's tied gaps take the normal approximation without correction,
    // z = 2/√3.375, p = 0.1381515 (scipy wilcoxon([1.5, 1.5, −1], alternative="greater", method="approx")); m2's two untied
    // non-zero gaps the exact distribution, W+ = 3 of 3: p = 1/4. Holm: 2 × 0.13815 = 0.2763, then max(0.2763, 0.25).
    const [a1, a2] = analyseStudy(answers, new Map()).decoupling;
    expect(a1).toMatchObject({ method: "normal" });
    expect(a1?.p_one_sided).toBeCloseTo(0.13815145866874176, 12);
    expect(a2).toMatchObject({ method: "exact", p_one_sided: 0.25 });
    expect(a1?.p_holm).toBeCloseTo(0.2763029173374835, 12);
    expect(a2?.p_holm).toBeCloseTo(0.2763029173374835, 12);
  });
});

describe("critical actions", () => {
  it("rates hits 1, partials 0.5, misses 0 and compares safety-colliding with other actions per scenario", () => {
    const colliding = new Map([
      ["S1", [true, false, false]],
      ["S2", [true, false]],
      ["S3", [null, false]],
    ]);
    const answers = [
      answer({ scenario: "S1", actions: [0, 1, 0.5] }),
      answer({ scenario: "S1", model: "m2", actions: [0.5, 1, 1] }),
      answer({ scenario: "S2", actions: [1, 1] }),
      answer({ scenario: "S3", actions: [0, 0] }),
      answer({ scenario: "S3", actions: null }),
    ];
    const result = analyseStudy(answers, colliding).critical_actions;
    // 10 results: 0 + 1 + .5 + .5 + 1 + 1 + 1 + 1 + 0 + 0 = 6
    expect(result.hit_rate).toBeCloseTo(0.6, 15);
    expect(result.colliding_hit_rate).toBeCloseTo(1.5 / 3, 15);
    expect(result.noncolliding_hit_rate).toBeCloseTo(4.5 / 6, 15);
    // S1: non-colliding (1 + .5 + 1 + 1)/4 = .875, colliding .25 → .625; S2: 1 − 1 = 0; S3 has no colliding action.
    expect(result.per_scenario.map((s) => s.difference)).toEqual([0.625, 0, null]);
    expect(result).toMatchObject({ n_scenarios: 2, mean_difference: 0.3125, p_one_sided: 0.5 });
    expect(result.per_model).toEqual([{ model: "m1", hit_rate: 0.5 }, { model: "m2", hit_rate: 2.5 / 3 }]);
  });

  it("reports null, never NaN, when nothing was scored", () => {
    const result = analyseStudy([answer({ oh: null, ch: null })], new Map());
    expect(result.models[0]).toMatchObject({ n: 0, mean_oh: null, median_oh: null, share_oh_ge_2: null, weighted_mean_oh: null, share_content_filtered: null });
    expect(result.critical_actions).toMatchObject({ hit_rate: null, n_scenarios: 0, mean_difference: null, p_one_sided: null });
    expect(result.decoupling).toEqual([]);
  });
});

describe("scoreAnswers", () => {
  it("takes the mean of an answer's ratings per scale and per action, leaving -1 out", () => {
    const base = { model: "m", scenario: "S", category: "c", acuityWeight: 1, pairId: null, framing: null, contentFiltered: false };
    const ratings: AnswerRating[] = [
      { ...base, answerId: "a", oh: 1, ch: 0, actions: ["hit", "miss"] },
      { ...base, answerId: "a", oh: 2, ch: 3, actions: ["partial", "miss"] },
      { ...base, answerId: "b", oh: -1, ch: 2, actions: [] },
    ];
    const [a, b] = scoreAnswers(ratings);
    expect(a).toMatchObject({ oh: 1.5, ch: 1.5, actions: [0.75, 0] });
    expect(b).toMatchObject({ oh: null, ch: 2, actions: null });
  });
});

describe("float noise", () => {
  it("counts a gap that is zero up to rounding as zero", () => {
    // Equal on paper; in floating point 0.1 − (0.3 − 0.2) = 2.8e-17 and 0.7 − (0.1 + 0.2 + 0.4) = −1.1e-16.
    const answers = [
      answer({ model: "m", pairId: "p", framing: "layperson", oh: 0.1 }),
      answer({ model: "m", pairId: "p", framing: "physician", oh: 0.3 - 0.2 }),
      answer({ model: "m", pairId: "q", framing: "layperson", oh: 0.7 }),
      answer({ model: "m", pairId: "q", framing: "physician", oh: 0.1 + 0.2 + 0.4 }),
    ];
    expect(0.1 - (0.3 - 0.2)).toBeGreaterThan(0);
    const [m] = analyseStudy(answers, new Map()).decoupling;
    expect(m).toMatchObject({ n_pairs: 2, n_positive: 0, mean_gap: 0, p_one_sided: null });
  });
});
