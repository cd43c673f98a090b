import { describe, expect, it } from "vitest";
import { STATS, expectSameP } from "@/tests/reference/stats-reference";
import { bootstrapMeanInterval } from "./bootstrap";
import { pooledDecoupling } from "./pooled";

describe("pooledDecoupling", () => {
  it("works a case by hand: a pair counts only when every chosen model has it", () => {
    const gaps = [
      { model: "a", pair: "p1", gap: 1 },
      { model: "b", pair: "p1", gap: 0 },
      { model: "a", pair: "p2", gap: 2 },
      { model: "b", pair: "p2", gap: 1 },
      { model: "a", pair: "p3", gap: -1 }, // b lacks p3: left out when b is chosen
      { model: "c", pair: "p1", gap: 9 }, // c is not chosen
    ];
    // Pooled gaps: p1 (1 + 0)/2 = 0.5, p2 (2 + 1)/2 = 1.5. Ranks 1 and 2, both positive: W = 3; exact P(W ≥ 3) = 1/4.
    const result = pooledDecoupling(gaps, ["a", "b"], { test: "auto" });
    expect(result).toMatchObject({ models: ["a", "b"], n_pairs: 2, n_positive: 2, mean_gap: 1, w: 3, p: 0.25, method: "exact" });
    expect(result.pairs).toEqual([{ pair: "p1", gap: 0.5 }, { pair: "p2", gap: 1.5 }]);
    expect(result.ci95).toEqual(bootstrapMeanInterval([0.5, 1.5]));
    // Model a alone: p3 counts too; gaps 1, 2, −1 → |ranks| 1.5, 3, 1.5 (tie) → W = 4.5, normal.
    expect(pooledDecoupling(gaps, ["a"])).toMatchObject({ n_pairs: 3, n_positive: 2, mean_gap: 2 / 3, w: 4.5, method: "normal" });
  });

  it("ties pooled gaps equal in exact arithmetic (means of thirds)", () => {
    const gaps = [
      { model: "a", pair: "p1", gap: 0.1 },
      { model: "b", pair: "p1", gap: 0.2 },
      { model: "a", pair: "p2", gap: 0.3 },
      { model: "b", pair: "p2", gap: 0 },
    ];
    // (0.1 + 0.2)/2 and (0.3 + 0)/2 differ in floating point before rounding; both are 0.15.
    expect(pooledDecoupling(gaps, ["a", "b"]).pairs.map((p) => p.gap)).toEqual([0.15, 0.15]);
    expect(pooledDecoupling(gaps, ["a", "b"]).method).toBe("normal");
  });

  it.each(STATS.pooled)("$models, $test: matches scipy's Wilcoxon over the pooled gaps", (c) => {
    const result = pooledDecoupling(STATS.pooled_gaps, c.models, { test: c.test });
    expect(result.pairs.map((p) => p.gap)).toEqual(c.pair_gaps);
    expect(result).toMatchObject({ n_pairs: c.n_pairs, n_positive: c.n_positive, method: c.method });
    expect(result.mean_gap).toBeCloseTo(c.mean_gap ?? Number.NaN, 12);
    expect(result.w).toBeCloseTo(c.w, 10);
    expectSameP(result.p, c.p);
  });

  it("is null, never NaN, with no model or no pair", () => {
    const empty = { n_pairs: 0, n_positive: 0, mean_gap: null, w: 0, p: null, method: null, ci95: null, pairs: [] };
    expect(pooledDecoupling(STATS.pooled_gaps, [])).toEqual({ models: [], ...empty });
    expect(pooledDecoupling(STATS.pooled_gaps, ["nobody"])).toEqual({ models: ["nobody"], ...empty });
  });

  it("refuses two gaps for one model and pair", () => {
    const twice = [
      { model: "a", pair: "p1", gap: 1 },
      { model: "a", pair: "p1", gap: 2 },
    ];
    expect(() => pooledDecoupling(twice, ["a"])).toThrow(/two gaps/);
  });
});
