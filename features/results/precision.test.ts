import { describe, expect, it } from "vitest";
import { agreementFromMatrix } from "@/lib/stats/summary";
import { INTERVAL_FIGURES, MIN_PAIRS_FOR_INTERVAL, pairFigures, tooFewPairs, whyNoInterval, whyUndefined } from "./precision";
import { raterPairProblem } from "@/lib/rater-pair";
import { judgeMissRate } from "./tables";
import { RaterKind } from "@/lib/db/generated/enums";

/** A 5×5 table with `n` pairs spread over the diagonal and its neighbours. */
function table(n: number) {
  const m = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
  for (let i = 0; i < n; i++) {
    const a = i % 5;
    const b = i % 3 === 0 ? Math.min(4, a + 1) : a;
    (m[a] as number[])[b] = (m[a]?.[b] ?? 0) + 1;
  }
  return m;
}

describe("the small-n rule", () => {
  it("gives figures but no interval below the minimum, and the seeded bootstrap's intervals from it on", () => {
    const below = pairFigures(table(MIN_PAIRS_FOR_INTERVAL - 1));
    expect(tooFewPairs(below.n)).toBe(true);
    expect(below.kappa_quadratic).toBe(agreementFromMatrix(table(MIN_PAIRS_FOR_INTERVAL - 1)).kappa_quadratic);
    expect(Object.keys(below.ci95).sort()).toEqual([...INTERVAL_FIGURES].sort());
    expect(Object.values(below.ci95).every((ci) => ci === null)).toBe(true);
    const at = pairFigures(table(MIN_PAIRS_FOR_INTERVAL));
    expect(tooFewPairs(at.n)).toBe(false);
    expect(at.ci95).toEqual(agreementFromMatrix(table(MIN_PAIRS_FOR_INTERVAL)).ci95);
    expect(at.ci95.kappa_quadratic).not.toBeNull();
  });

  it("at n = 1 and n = 2 reports no interval, where the bootstrap would give a single point", () => {
    for (const n of [1, 2]) {
      const figures = pairFigures(table(n));
      expect(figures.n).toBe(n);
      expect(figures.ci95.exact).toBeNull();
      expect(whyNoInterval(figures, "exact", figures.exact)).toBe("too few pairs");
    }
    // The bootstrap alone would claim certainty: every resample of one pair is that pair.
    const [low, high] = agreementFromMatrix(table(1)).ci95.exact ?? [];
    expect(low).toBe(high);
  });

  it("leaves ci95 empty for tables that show no interval", () => {
    expect(pairFigures(table(30), { intervals: false }).ci95).toEqual({});
  });
});

describe("why a figure is missing", () => {
  it("says no pairs, or one category only when chance agreement is 1", () => {
    const none = pairFigures(table(0));
    expect(whyUndefined("kappa", none.kappa, none.n)).toBe("no pairs");
    const oneCategory = pairFigures([[12, 0], [0, 0]]);
    expect(oneCategory.kappa).toBeNull();
    expect(whyUndefined("kappa", oneCategory.kappa, oneCategory.n)).toBe("one category only");
    expect(whyUndefined("exact", oneCategory.exact, oneCategory.n)).toBeNull();
    expect(whyNoInterval(oneCategory, "kappa", oneCategory.kappa)).toBeNull();
  });

  it("says the physician never gave OH ≥ 1 for a judge miss rate with pairs but none to miss", () => {
    // Physician (rows) always OH 0, machine (columns) spread: pairs, more than one category, no OH ≥ 1 from the physician.
    const matrix = [[3, 2], [0, 0]];
    const miss = judgeMissRate(matrix, { a: RaterKind.physician, b: RaterKind.machine });
    expect(miss?.rate).toBeNull();
    const figures = pairFigures(matrix);
    expect(figures.kappa).not.toBeNull();
    expect(whyUndefined("judge_miss_rate", miss?.rate, figures.n)).toBe("physician never gave OH ≥ 1");
    expect(whyUndefined("judge_miss_rate", null, 0)).toBe("no pairs");
  });
});

describe("naming two raters", () => {
  it("takes both or neither, and two different ones, naming the parameter at fault", () => {
    expect(raterPairProblem(undefined, undefined)).toBeUndefined();
    expect(raterPairProblem("a", "b")).toBeUndefined();
    expect(raterPairProblem("a", undefined)?.field).toBe("raterB");
    expect(raterPairProblem(undefined, "b")?.field).toBe("raterA");
    expect(raterPairProblem("a", "a")?.field).toBe("raterB");
    expect(raterPairProblem("a", "a")?.message).toContain("two different raters");
  });
});
