import { describe, expect, it } from "vitest";
import { STATS, expectSameP } from "@/tests/reference/stats-reference";
import { TEST_CONVENTIONS } from "./conventions";
import { EXACT_LIMIT_COST, EXACT_LIMIT_SMALLER, mannWhitneyU } from "./mann-whitney";

describe("mannWhitneyU against scipy 1.17 (two-sided)", () => {
  it.each(STATS.mann_whitney)("$name, $test", ({ x, y, test, u, p, method }) => {
    const result = mannWhitneyU(x, y, { test });
    expect(result.method).toBe(method);
    expect(result.statistic).toBeCloseTo(u, 10);
    expectSameP(result.p, p);
  });

  it("gives hand-worked exact values", () => {
    // x = [1, 2], y = [3, 4]: U₁ = 0; of the C(4, 2) = 6 arrangements only this one and its mirror are as extreme.
    expect(mannWhitneyU([1, 2], [3, 4], { test: "exact" })).toEqual({ n1: 2, n2: 2, statistic: 0, p: 2 / 6, method: "exact" });
    // x = [1, 3], y = [2, 4]: U₁ = 1, U = 3; P(U ≥ 3) = 2/6 (U counts 0, 1, 2, 2, 3, 4) → p = 4/6.
    expect(mannWhitneyU([1, 3], [2, 4], { test: "exact" }).p).toBeCloseTo(4 / 6, 15);
    // Swapping the samples keeps p and turns U₁ into n₁n₂ − U₁.
    expect(mannWhitneyU([2, 4], [1, 3], { test: "exact" })).toMatchObject({ statistic: 3, p: mannWhitneyU([1, 3], [2, 4], { test: "exact" }).p });
  });

  it("auto is exact only with a sample of at most 8 and no tie", () => {
    const eight = [1, 2, 3, 4, 5, 6, 7, 8];
    const nine = [11, 12, 13, 14, 15, 16, 17, 18, 19];
    expect(mannWhitneyU(eight, nine.map((v) => v + 10)).method).toBe("exact");
    expect(mannWhitneyU([...eight, 9.5], nine).method).toBe("normal");
    expect(mannWhitneyU([1, 2, 3], [3, 4]).method).toBe("normal");
  });

  it("falls back to the normal approximation, and says so, past the exact distribution's size and cost limits", () => {
    const values = (length: number, offset: number) => Array.from({ length }, (_, i) => 2 * i + offset);
    expect(mannWhitneyU(values(EXACT_LIMIT_SMALLER + 1, 0), values(EXACT_LIMIT_SMALLER + 1, 1), { test: "exact" }).method).toBe("normal");
    const larger = Math.ceil((2 * EXACT_LIMIT_COST) / (100 * 100)) + 1;
    expect(mannWhitneyU(values(100, 0), values(larger, 1), { test: "exact" }).method).toBe("normal");
  });

  it("is null, never NaN, on an empty sample or on a zero variance", () => {
    for (const test of TEST_CONVENTIONS) {
      expect(mannWhitneyU([], [1, 2], { test })).toEqual({ n1: 0, n2: 2, statistic: null, p: null, method: null });
      expect(mannWhitneyU([Number.NaN], [1], { test })).toMatchObject({ statistic: null, p: null });
    }
    expect(mannWhitneyU([1, 1], [1, 1, 1], { test: "normal_cc" })).toEqual({ n1: 2, n2: 3, statistic: 3, p: null, method: "normal_cc" });
  });
});
