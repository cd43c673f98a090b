import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { holm, mean, median, quantile, shareWhere } from "./descriptive";
import { normalUpperTail, wilcoxonSignedRank } from "./wilcoxon";

// Produced by tests/reference/analysis_reference.py (scipy 1.10.1; the command is in the script).
const REFERENCE = JSON.parse(readFileSync(path.join(import.meta.dirname, "../../tests/reference/analysis-reference.json"), "utf8")) as {
  wilcoxon: { name: string; differences: number[]; method: "exact" | "normal"; statistic: number; p: number }[];
  quantiles: { values: number[]; q1: number; median: number; q3: number }[];
  normal_upper_tail: { z: number; p: number }[];
};

describe("wilcoxonSignedRank against scipy", () => {
  it.each(REFERENCE.wilcoxon)("$name", ({ differences, method, statistic, p }) => {
    const result = wilcoxonSignedRank(differences);
    expect(result.method).toBe(method);
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
