import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { holm, mean, median, quantile, shareWhere } from "./descriptive";
import { STATS, expectSameP } from "@/tests/reference/stats-reference";
import { TEST_CONVENTIONS } from "./conventions";
import { EXACT_LIMIT_N, normalUpperTail, wilcoxonSignedRank } from "./wilcoxon";

// Produced by tests/reference/analysis_reference.py (scipy 1.10.1; the command is in the script).
const REFERENCE = JSON.parse(readFileSync(path.join(import.meta.dirname, "../../tests/reference/analysis-reference.json"), "utf8")) as {
  wilcoxon: { name: string; differences: number[]; method: "exact" | "normal"; statistic: number; p: number }[];
  quantiles: { values: number[]; q1: number; median: number; q3: number }[];
  normal_upper_tail: { z: number; p: number }[];
};

describe("wilcoxonSignedRank without a test convention (the analysis's historical one) against scipy", () => {
  // The reference ran with correction=True, so its "normal" is normal_cc here.
  it.each(REFERENCE.wilcoxon)("$name", ({ differences, method, statistic, p }) => {
    const result = wilcoxonSignedRank(differences);
    expect(result.method).toBe(method === "normal" ? "normal_cc" : method);
    expect(result.statistic).toBeCloseTo(statistic, 10);
    expect(result.p).toBeCloseTo(p, 10);
  });

  it("drops zero differences and reports null when none are left", () => {
    expect(wilcoxonSignedRank([0, 0, 0])).toEqual({ n: 0, statistic: 0, p: null, method: null });
    expect(wilcoxonSignedRank([])).toEqual({ n: 0, statistic: 0, p: null, method: null });
    expect(wilcoxonSignedRank([0, 2, 0])).toMatchObject({ n: 1, statistic: 1, p: 0.5 });
  });

  it("gives hand-worked exact values: all n positive differences have p = 1/2^n", () => {
    expect(wilcoxonSignedRank([1, 2, 3]).p).toBe(1 / 8);
    // W+ = 0 (every difference negative): P(W+ >= 0) = 1.
    expect(wilcoxonSignedRank([-1, -2, -3]).p).toBe(1);
  });
});

describe("normalUpperTail against scipy's norm.sf", () => {
  it.each(REFERENCE.normal_upper_tail)("z = $z", ({ z, p }) => {
    expect(Math.abs(normalUpperTail(z) - p) / p).toBeLessThan(1e-12);
  });
});

describe("descriptive statistics", () => {
  it.each(REFERENCE.quantiles)("quantiles of $values match numpy (type 7)", ({ values, q1, median: m, q3 }) => {
    expect(quantile(values, 0.25)).toBeCloseTo(q1, 12);
    expect(median(values)).toBeCloseTo(m, 12);
    expect(quantile(values, 0.75)).toBeCloseTo(q3, 12);
  });

  it("is null, not NaN, on no values", () => {
    expect(mean([])).toBeNull();
    expect(median([])).toBeNull();
    expect(shareWhere([], () => true)).toBeNull();
    expect(mean([1, 2, 4])).toBeCloseTo(7 / 3, 15);
    expect(shareWhere([1, 2, 3, 4], (v) => v >= 2)).toBe(0.75);
  });
});

describe("holm", () => {
  it("adjusts by hand-worked step-down values, keeping order and nulls", () => {
    // Sorted 0.005, 0.01, 0.03, 0.04 → ×4, ×3, ×2, ×1 = 0.02, 0.03, 0.06, 0.04 → monotone: 0.02, 0.03, 0.06, 0.06.
    const adjusted = holm([0.01, 0.04, null, 0.03, 0.005]);
    expect(adjusted[0]).toBeCloseTo(0.03, 15);
    expect(adjusted[1]).toBeCloseTo(0.06, 15);
    expect(adjusted[2]).toBeNull();
    expect(adjusted[3]).toBeCloseTo(0.06, 15);
    expect(adjusted[4]).toBeCloseTo(0.02, 15);
    expect(holm([0.6, 0.5])).toEqual([1, 1]);
    expect(holm([])).toEqual([]);
  });
});

describe("wilcoxonSignedRank with a test convention against scipy 1.17", () => {
  it.each(STATS.wilcoxon)("$name, $test, $alternative", ({ differences, test, alternative, n, w, p, method }) => {
    const result = wilcoxonSignedRank(differences, { test, alternative });
    expect(result.n).toBe(n);
    expect(result.method).toBe(method);
    expect(result.statistic).toBeCloseTo(w, 10);
    expectSameP(result.p, p);
  });

  it("auto keeps the exact test when zeros are dropped, where the historical default went normal", () => {
    const withZero = [3, 1, 0];
    expect(wilcoxonSignedRank(withZero, { test: "auto" })).toEqual({ n: 2, statistic: 3, p: 0.25, method: "exact" });
    expect(wilcoxonSignedRank(withZero).method).toBe("normal_cc");
  });

  it("auto goes normal, without a continuity correction, past 50 differences or with a tie", () => {
    const untied = Array.from({ length: 51 }, (_, i) => (i % 3 === 0 ? -(i + 1) : i + 1));
    expect(wilcoxonSignedRank(untied, { test: "auto" }).method).toBe("normal");
    expect(wilcoxonSignedRank(untied.slice(0, 50), { test: "auto" }).method).toBe("exact");
    expect(wilcoxonSignedRank([1, 2, 2, 3], { test: "auto" }).method).toBe("normal");
  });

  it("falls back to the normal approximation, and says so, when an exact distribution is too large", () => {
    const many = Array.from({ length: EXACT_LIMIT_N + 1 }, (_, i) => (i % 2 === 0 ? i + 1 : -(i + 1)));
    expect(wilcoxonSignedRank(many, { test: "exact" }).method).toBe("normal");
    expect(wilcoxonSignedRank(many.slice(0, EXACT_LIMIT_N), { test: "exact" }).method).toBe("exact");
  });

  it("gives hand-worked two-sided values: all n differences positive have p = 2/2^n", () => {
    expect(wilcoxonSignedRank([1, 2, 3], { test: "exact", alternative: "two-sided" }).p).toBe(2 / 8);
    // n = 3: W+ takes 0, 1, 2, 3, 3, 4, 5, 6. W+ = 3: P(W+ ≥ 3) = 5/8, P(W+ ≤ 3) = 4/8, p = 2 · 4/8 = 1.
    expect(wilcoxonSignedRank([1, 2, -3], { test: "exact", alternative: "two-sided" }).p).toBe(1);
  });

  it("is null, never NaN, with nothing left to test, whatever the convention", () => {
    for (const test of TEST_CONVENTIONS) {
      for (const alternative of ["greater", "two-sided"] as const) {
        expect(wilcoxonSignedRank([0, Number.NaN, 0], { test, alternative })).toEqual({ n: 0, statistic: 0, p: null, method: null });
      }
    }
  });
});
