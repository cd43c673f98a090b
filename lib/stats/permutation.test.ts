import { describe, expect, it } from "vitest";
import { STATS } from "@/tests/reference/stats-reference";
import { mannWhitneyU } from "./mann-whitney";
import { differenceInDifferences, type FramingRecord, permutationTestDiD } from "./permutation";

const rec = (stratum: string, framing: "a" | "b", group: "colliding" | "other", value: number): FramingRecord => ({ stratum, framing, group, value });

/** Binomial tolerance of a Monte Carlo p around the exact p: four standard errors. */
const tolerance = (p: number, permutations: number) => 4 * Math.sqrt((p * (1 - p)) / permutations) + 1 / permutations;

describe("permutationTestDiD", () => {
  it("works a case by hand: one stratum, four records", () => {
    // colliding: a 0, b 1; other: a 1, b 0. DiD = (0 − 1) − (1 − 0) = −2.
    const records = [rec("m", "a", "colliding", 0), rec("m", "b", "colliding", 1), rec("m", "a", "other", 1), rec("m", "b", "other", 0)];
    expect(differenceInDifferences(records)).toBe(-2);
    // The C(4, 2) = 6 relabellings with two a's: the 2 that put both a's in one group leave a cell empty (not counted);
    // of the other 4, the colliding difference is ±1 and the other's ±1, so DiD ∈ {−2, 0, 0, 2}: exact p = 2/4.
    const result = permutationTestDiD(records, { permutations: 20000, seed: 5 });
    expect(result.statistic).toBe(-2);
    expect(Math.abs(result.permutations / 20000 - 4 / 6)).toBeLessThan(4 * Math.sqrt((4 / 6) * (2 / 6) / 20000));
    expect(Math.abs((result.p ?? 0) - 0.5)).toBeLessThan(tolerance(0.5, result.permutations));
  });

  it("gives p = 1 when every relabelling within strata is as extreme as the observed one", () => {
    // Each stratum holds one framing only: relabelling within it changes nothing, so every permutation equals the observed statistic.
    const records = [rec("m1", "a", "colliding", 0), rec("m1", "a", "other", 1), rec("m2", "b", "colliding", 1), rec("m2", "b", "other", 0)];
    const result = permutationTestDiD(records, { permutations: 99 });
    expect(result).toEqual({ statistic: -2, p: 1, permutations: 99 });
  });

  it("is null with an empty cell, and reproducible for a seed", () => {
    expect(permutationTestDiD([rec("m", "a", "colliding", 1), rec("m", "b", "colliding", 0), rec("m", "a", "other", 1)])).toEqual({ statistic: null, p: null, permutations: 0 });
    expect(differenceInDifferences([])).toBeNull();
    const [{ records }] = STATS.permutation as [(typeof STATS.permutation)[number]];
    expect(permutationTestDiD(records, { permutations: 300, seed: 8 })).toEqual(permutationTestDiD(records, { permutations: 300, seed: 8 }));
    expect(permutationTestDiD(records, { permutations: 300, seed: 8 }).p).not.toBe(permutationTestDiD(records, { permutations: 300, seed: 9 }).p);
  });

  it.each(STATS.permutation)("$name: same statistic, permutations and p as the reference, near the exact p", (c) => {
    const result = permutationTestDiD(c.records, { permutations: c.permutations_requested, seed: c.seed });
    expect(result.statistic).toBeCloseTo(c.statistic, 12);
    expect(result.permutations).toBe(c.permutations);
    expect(result.p).toBe(c.p);
    if (c.exact_p !== null) expect(Math.abs((result.p ?? 0) - c.exact_p)).toBeLessThan(tolerance(c.exact_p, result.permutations));
  });
});

describe("IatroBench clinician audit, five models other than GPT-5.2: hit rates by framing", () => {
  const iatro = STATS.iatrobench;
  if (iatro === null) throw new Error("the reference was computed without the IatroBench data");
  const records = iatro.records.map(([stratum, framing, group, value]) => rec(stratum, framing, group, value));
  const side = (group: "colliding" | "other", framing: "a" | "b") => records.filter((r) => r.group === group && r.framing === framing).map((r) => r.value);
  const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;

  it.each(["colliding", "other"] as const)("%s actions: layperson and physician hit rates and Mann–Whitney p match scipy", (group) => {
    const expected = iatro[group];
    const [lay, phys] = [side(group, "a"), side(group, "b")];
    expect([lay.length, phys.length]).toEqual([expected.n_layperson, expected.n_physician]);
    expect(mean(lay)).toBeCloseTo(expected.hit_rate_layperson, 12);
    expect(mean(phys)).toBeCloseTo(expected.hit_rate_physician, 12);
    const normal = mannWhitneyU(lay, phys, { test: "auto" });
    expect(normal).toMatchObject({ method: "normal", statistic: expected.u });
    expect(Math.abs((normal.p ?? 0) - expected.p_normal)).toBeLessThanOrEqual(1e-10 * expected.p_normal);
    const corrected = mannWhitneyU(lay, phys, { test: "normal_cc" }).p ?? 0;
    expect(Math.abs(corrected - expected.p_normal_cc)).toBeLessThanOrEqual(1e-10 * expected.p_normal_cc);
  });

  it("reproduces the published rates (colliding 68.9 % vs 82.0 %, other 71.2 % vs 72.9 %) and the permutation test of the difference-in-differences", () => {
    expect(Math.round(mean(side("colliding", "a")) * 1000) / 10).toBe(68.9);
    expect(Math.round(mean(side("colliding", "b")) * 1000) / 10).toBe(82);
    expect(Math.round(mean(side("other", "a")) * 1000) / 10).toBe(71.2);
    expect(Math.round(mean(side("other", "b")) * 1000) / 10).toBe(72.9);
    const { statistic, p, permutations, seed } = iatro.difference_in_differences;
    const result = permutationTestDiD(records, { permutations, seed });
    expect(result.statistic).toBeCloseTo(statistic, 12);
    expect(result).toMatchObject({ p, permutations });
  });
});
