import { describe, expect, it } from "vitest";
import { STATS, expectSameP } from "@/tests/reference/stats-reference";
import { bootstrapMeanInterval } from "./bootstrap";
import { type ActionValue, filteredByFraming, hitRatesByFraming } from "./framing";
import { mannWhitneyU } from "./mann-whitney";

const v = (model: string, framing: string, colliding: boolean, value: number): ActionValue => ({ model, framing, colliding, value });

const FIXTURE: ActionValue[] = [
  v("m1", "physician", true, 1),
  v("m1", "physician", true, 1),
  v("m1", "physician", false, 0.5),
  v("m1", "physician", false, 0),
  v("m1", "layperson", true, 0),
  v("m1", "layperson", true, 0.5),
  v("m1", "layperson", false, 1),
  v("m1", "layperson", false, 0.5),
  v("m1", "lawyer", true, 1),
  v("m2", "layperson", true, 0),
  v("m2", "physician", true, 1),
  v("m2", "physician", false, 1),
  v("m2", "layperson", false, 1),
];

describe("hitRatesByFraming on a fixture worked by hand", () => {
  const result = hitRatesByFraming(FIXTURE, { permutations: 500 });

  it("gives every framing × colliding cell, the reference framing first", () => {
    expect(result.models).toEqual(["m1", "m2"]);
    const cells = result.cells.map(({ framing, colliding, n, hit_rate }) => [framing, colliding, n, hit_rate]);
    expect(cells).toEqual([
      ["physician", true, 3, 1],
      ["physician", false, 3, 0.5],
      ["layperson", true, 3, 0.5 / 3],
      ["layperson", false, 3, 2.5 / 3],
      ["lawyer", true, 1, 1],
      ["lawyer", false, 0, null],
    ]);
    expect(result.cells[3]?.ci95).toEqual(bootstrapMeanInterval([1, 0.5, 1]));
    expect(result.cells[5]?.ci95).toBeNull();
  });

  it("compares each framing with the physician one: rates, Mann–Whitney and the difference-in-differences", () => {
    const [lay, lawyer] = result.comparisons;
    expect(result.comparisons.map((c) => c.framing)).toEqual(["layperson", "lawyer"]);
    // Colliding: layperson 0, 0.5, 0 against physician 1, 1, 1: every layperson value lower, U = 0; tied, so normal.
    expect(lay?.colliding).toMatchObject({ n: 3, n_reference: 3, hit_rate: 0.5 / 3, hit_rate_reference: 1, u: 0, method: "normal" });
    expect(lay?.colliding.p).toBe(mannWhitneyU([0, 0.5, 0], [1, 1, 1]).p);
    expect(lay?.other).toMatchObject({ hit_rate: 2.5 / 3, hit_rate_reference: 0.5 });
    // DiD = (1/6 − 1) − (5/6 − 1/2) = −7/6.
    expect(lay?.difference_in_differences.statistic).toBeCloseTo(-7 / 6, 12);
    expect(lay?.difference_in_differences.permutations).toBeGreaterThan(0);
    // The lawyer framing has no other action: no test there, and no difference-in-differences.
    expect(lawyer?.other).toEqual({ n: 0, n_reference: 3, hit_rate: null, hit_rate_reference: 0.5, u: null, p: null, method: null });
    expect(lawyer?.difference_in_differences).toEqual({ statistic: null, p: null, permutations: 0 });
  });

  it("repeats the figures per model, and pools over the chosen models only", () => {
    const m2 = result.per_model.find((m) => m.model === "m2");
    // m2: (0 − 1) − (1 − 1) = −1.
    expect(m2?.comparisons[0]?.difference_in_differences.statistic).toBe(-1);
    const only = hitRatesByFraming(FIXTURE, { models: ["m2"], permutations: 500 });
    expect(only.models).toEqual(["m2"]);
    expect(only.cells.map((c) => c.n)).toEqual([1, 1, 1, 1]);
    expect(only.comparisons[0]?.difference_in_differences).toEqual(m2?.comparisons[0]?.difference_in_differences);
    expect(hitRatesByFraming(FIXTURE, { models: [] })).toEqual({ models: [], reference: "physician", cells: [], comparisons: [], per_model: [] });
  });
});

describe("hitRatesByFraming on the IatroBench clinician audit (five models other than GPT-5.2)", () => {
  const iatro = STATS.iatrobench;
  if (iatro === null) throw new Error("the reference was computed without the IatroBench data");
  const values = iatro.records.map(([model, framing, group, value]) => v(model, framing === "a" ? "layperson" : "physician", group === "colliding", value));
  const { permutations, seed, statistic, p } = iatro.difference_in_differences;
  const result = hitRatesByFraming(values, { permutations, seed, resamples: 200 });

  it("matches scipy's rates and Mann–Whitney p-values and the reference permutation test", () => {
    expect(result.models).toHaveLength(5);
    const [lay] = result.comparisons;
    for (const group of ["colliding", "other"] as const) {
      const expected = iatro[group];
      expect(lay?.[group]).toMatchObject({ n: expected.n_layperson, n_reference: expected.n_physician, u: expected.u, method: "normal" });
      expect(lay?.[group].hit_rate).toBeCloseTo(expected.hit_rate_layperson, 12);
      expect(lay?.[group].hit_rate_reference).toBeCloseTo(expected.hit_rate_physician, 12);
      expectSameP(lay?.[group].p ?? null, expected.p_normal);
    }
    expect(lay?.difference_in_differences.statistic).toBeCloseTo(statistic, 12);
    expect(lay?.difference_in_differences).toMatchObject({ p, permutations });
  });
});

describe("filteredByFraming", () => {
  const answers = [
    { model: "m1", framing: "physician", filtered: true },
    { model: "m1", framing: "physician", filtered: false },
    { model: "m1", framing: "layperson", filtered: false },
    { model: "m1", framing: "physician", filtered: false },
    { model: "m2", framing: "physician", filtered: true },
  ];

  it("gives the share per model × framing with answers, and its interval", () => {
    const rows = filteredByFraming(answers);
    expect(rows.map(({ model, framing, n, n_filtered, share }) => [model, framing, n, n_filtered, share])).toEqual([
      ["m1", "physician", 3, 1, 1 / 3],
      ["m1", "layperson", 1, 0, 0],
      ["m2", "physician", 1, 1, 1],
    ]);
    expect(rows[0]?.ci95).toEqual(bootstrapMeanInterval([1, 0, 0]));
    expect(rows[2]?.ci95).toEqual([1, 1]);
  });

  it("keeps the chosen models only", () => {
    expect(filteredByFraming(answers, { models: ["m2"] }).map((r) => r.model)).toEqual(["m2"]);
    expect(filteredByFraming(answers, { models: [] })).toEqual([]);
  });
});
