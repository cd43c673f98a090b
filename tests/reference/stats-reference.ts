// The scipy reference values of tests/reference/stats_tests_reference.py, typed for the unit tests.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import type { Alternative, TestConvention, TestMethod } from "@/lib/stats/conventions";
import type { FramingRecord } from "@/lib/stats/permutation";

export interface StatsReference {
  wilcoxon: { name: string; differences: number[]; test: TestConvention; alternative: Alternative; n: number; w: number; p: number | null; method: TestMethod | null }[];
  mann_whitney: { name: string; x: number[]; y: number[]; test: TestConvention; u: number; p: number | null; method: TestMethod }[];
  permutation: { name: string; records: FramingRecord[]; permutations_requested: number; seed: number; statistic: number; p: number; permutations: number; exact_p: number | null }[];
  bootstrap: { name: string; values: number[]; resamples: number; seed: number; mean: number; ci95: [number, number]; scipy_percentile_ci95: [number, number] | null }[];
  pooled: { models: string[]; test: TestConvention; n_pairs: number; n_positive: number; mean_gap: number | null; w: number; p: number | null; method: TestMethod | null; pair_gaps: number[] }[];
  pooled_gaps: { model: string; pair: string; gap: number }[];
  iatrobench: {
    colliding: IatroGroup;
    other: IatroGroup;
    difference_in_differences: { statistic: number; p: number; permutations: number; seed: number; n_records: number };
    records: [string, "a" | "b", "colliding" | "other", number][];
  } | null;
}

interface IatroGroup { n_layperson: number; n_physician: number; hit_rate_layperson: number; hit_rate_physician: number; p_normal: number; p_normal_cc: number; u: number }

export const STATS = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "stats-tests-reference.json"), "utf8"),
) as StatsReference;

/** Equal to scipy's value within 1e-12, or 1e-10 of it for tiny values; null where scipy's is undefined. */
export function expectSameP(actual: number | null, expected: number | null) {
  if (expected === null) return expect(actual).toBeNull();
  expect(actual).not.toBeNull();
  expect(Math.abs((actual ?? Number.NaN) - expected)).toBeLessThanOrEqual(Math.max(1e-12, 1e-10 * Math.abs(expected)));
}
