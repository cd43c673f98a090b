import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  addCells,
  alphaFromConfusion,
  cohenKappa,
  confusionMatrix,
  emptyMatrix,
  exactAgreement,
  gwetAC1,
  krippendorffAlpha,
  meanDifference,
  scoredPairs,
  withinOne,
  type Pair,
} from "./agreement";
import { agreement } from "./summary";

interface ReferenceCase {
  name: string;
  k: number;
  pairs: Pair[];
  exact: number;
  within1: number;
  mean_diff: number;
  kappa: number | null;
  kappa_linear: number | null;
  kappa_quadratic: number | null;
  gwet_ac1: number | null;
  alpha_ordinal: number | null;
}

// Produced by tests/reference/agreement_reference.py (scikit-learn for kappa;
// AC1 and ordinal alpha written out from their formulas); see that file.
const REFERENCE = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "../../tests/reference/agreement-reference.json"), "utf8"),
) as ReferenceCase[];

const expectClose = (actual: number | null, expected: number | null) => {
  if (expected === null) expect(actual).toBeNull();
  else expect(actual).toBeCloseTo(expected, 10);
};

describe.each(REFERENCE)("against the reference implementation: $name", (reference) => {
  const m = confusionMatrix(reference.pairs, reference.k);
  it("exact, within-1 and mean difference", () => {
    expectClose(exactAgreement(m), reference.exact);
    expectClose(withinOne(m), reference.within1);
    expectClose(meanDifference(m), reference.mean_diff);
  });
  it("Cohen's kappa, unweighted, linear and quadratic (scikit-learn)", () => {
    expectClose(cohenKappa(m, "unweighted"), reference.kappa);
    expectClose(cohenKappa(m, "linear"), reference.kappa_linear);
    expectClose(cohenKappa(m, "quadratic"), reference.kappa_quadratic);
  });
  it("Gwet's AC1 and ordinal Krippendorff's alpha", () => {
    expectClose(gwetAC1(m), reference.gwet_ac1);
    expectClose(alphaFromConfusion(m, "ordinal"), reference.alpha_ordinal);
    expectClose(krippendorffAlpha(reference.pairs, reference.k, "ordinal"), reference.alpha_ordinal);
  });
});

describe("Krippendorff's alpha on Krippendorff's published example", () => {
  // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 observers,
  // 12 units, values 1-5 (here 0-4), missing values left out.
  const units = [
    [1, 1, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4],
    [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [5, 5, 5], [1, 1], [3],
  ].map((unit) => unit.map((v) => v - 1));

  it("is 0.743 nominal, 0.815 ordinal and 0.849 interval", () => {
    expect(krippendorffAlpha(units, 5, "nominal")).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(units, 5, "ordinal")).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(units, 5, "interval")).toBeCloseTo(0.849, 3);
  });

  it("ignores -1 and units left with a single value", () => {
    const withUnscored = units.map((unit, i) => (i % 3 === 0 ? [...unit, -1] : unit));
    expect(krippendorffAlpha(withUnscored, 5, "ordinal")).toBe(krippendorffAlpha(units, 5, "ordinal"));
  });
});

describe("undefined figures are null, never NaN", () => {
  it("with no pairs at all", () => {
    const figures = agreement([], 5);
    expect(figures).toMatchObject({ n: 0, exact: null, within1: null, kappa: null, kappa_linear: null, kappa_quadratic: null, gwet_ac1: null, alpha_ordinal: null, mean_diff: null });
    expect(Object.values(figures.ci95).every((ci) => ci === null)).toBe(true);
  });

  it("when every pair sits in one category (chance agreement is 1)", () => {
    const figures = agreement(Array<Pair>(8).fill([0, 0]), 4);
    expect(figures.kappa).toBeNull();
    expect(figures.kappa_quadratic).toBeNull();
    expect(figures.alpha_ordinal).toBeNull();
    expect(figures.gwet_ac1).toBe(1);
    expect(figures.exact).toBe(1);
    expect(figures.ci95.kappa).toBeNull();
  });

  it("for a scale of one category", () => {
    expect(cohenKappa([[3]])).toBeNull();
    expect(gwetAC1([[3]])).toBeNull();
  });
});

describe("pairs and categories", () => {
  it("leave out pairs with -1 (could not be scored)", () => {
    expect(scoredPairs([[1, -1], [-1, 2], [3, 3], [-1, -1]])).toEqual([[3, 3]]);
    expect(agreement([[1, -1], [2, 2], [2, 3]], 5).n).toBe(2);
  });

  it("use the scale's categories, not only the ones observed", () => {
    const pairs: Pair[] = [[0, 1], [1, 1], [0, 0], [1, 0], [1, 1]];
    expect(confusionMatrix(pairs, 5)).toHaveLength(5);
    expect(gwetAC1(confusionMatrix(pairs, 5))).not.toBeCloseTo(gwetAC1(confusionMatrix(pairs, 2)) ?? 0, 3);
  });

  it("refuse a score outside the scale", () => {
    expect(() => confusionMatrix([[0, 4]], 4)).toThrow(RangeError);
    expect(() => confusionMatrix([[0.5, 1]], 4)).toThrow(RangeError);
  });

  it("are counted into a table by one builder: counted cells and single pairs give the same table", () => {
    const pairs: Pair[] = [[0, 1], [1, 1], [0, 1], [2, 0]];
    expect(addCells(emptyMatrix(3), [{ a: 0, b: 1, count: 2 }, { a: 1, b: 1, count: 1 }, { a: 2, b: 0, count: 1 }])).toEqual(confusionMatrix(pairs, 3));
    // Counted cells outside the scale (as -1 is) are left out rather than refused.
    expect(addCells(emptyMatrix(3), [{ a: 0.5, b: 1, count: 4 }, { a: 1, b: 0.5, count: 4 }, { a: 3, b: 0, count: 4 }]).flat()).toEqual(new Array(9).fill(0));
  });
});
