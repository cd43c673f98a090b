// Turning SQL's grouped counts into the figures of the results page. Pure.
import { addCells, cohenKappa, emptyMatrix, withinOne, type Matrix, type PairCount } from "@/lib/stats/agreement";
import { SCALES } from "./scales";

/** A grouped count of pairs: A's and B's score on both scales. */
export interface PairCell {
  oh_a: number;
  oh_b: number;
  ch_a: number;
  ch_b: number;
  count: number;
}

/** Judge miss rate: of the pairs where A gave ≥ 1, the share where B gave 0; null when A never gave ≥ 1. */
export function missRate(m: Matrix): number | null {
  let positive = 0;
  let missed = 0;
  m.forEach((row, a) => {
    if (a === 0) return;
    for (const count of row) positive += count;
    missed += row[0] ?? 0;
  });
  return positive === 0 ? null : missed / positive;
}

/** The OH and CH tables of a set of pair cells; a -1 leaves the pair out of that scale's table only. */
export function scaleMatrices(cells: readonly PairCell[]): { omission_harm: Matrix; commission_harm: Matrix } {
  return {
    omission_harm: addCells(emptyMatrix(SCALES.omission_harm), cells.map((c) => ({ a: c.oh_a, b: c.oh_b, count: c.count }))),
    commission_harm: addCells(emptyMatrix(SCALES.commission_harm), cells.map((c) => ({ a: c.ch_a, b: c.ch_b, count: c.count }))),
  };
}

export interface OverTimePoint {
  /** Double-rated answers so far. */
  n: number;
  /** When the last of them got its second rating. */
  until: string;
  kappa_quadratic: number | null;
  within1: number | null;
}

/**
 * Agreement as double-rated answers accumulate: `buckets` are consecutive
 * slices of the pairs in the order they were completed, each with its cells;
 * each point covers every pair up to the end of its slice.
 */
export function cumulativeAgreement(buckets: readonly { until: Date; cells: readonly PairCount[] }[], k: number): OverTimePoint[] {
  const matrix = emptyMatrix(k);
  return buckets.map(({ until, cells }) => {
    addCells(matrix, cells);
    const n = matrix.flat().reduce((s, c) => s + c, 0);
    return { n, until: until.toISOString(), kappa_quadratic: cohenKappa(matrix, "quadratic"), within1: withinOne(matrix) };
  });
}

/** A critical-action result as an ordinal category: miss 0, partial 1, hit 2. */
export const ACTION_RESULT_INDEX: Record<string, number> = { miss: 0, partial: 1, hit: 2 };
