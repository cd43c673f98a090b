// Wilcoxon signed-rank test. Pure. Conventions (those of
// scipy.stats.wilcoxon with zero_method="wilcox"):
// - non-finite differences are ignored; zero differences are dropped before
//   ranking, and n counts the differences left;
// - tied |differences| share their average rank;
// - the statistic W is the sum of the ranks of the positive differences,
//   whatever the alternative;
// - `test` chooses the p-value (see conventions.ts): `exact` (W rounded down
//   for "greater"; two-sided = 2·min(P(W ≥ ⌊w⌋), P(W ≤ ⌈w⌉)), capped at 1),
//   `normal` (tie-corrected variance, no continuity correction), `normal_cc`
//   (the same, corrected by 0.5 towards the mean) or `auto` (exact when at
//   most 50 differences are left and no two tie in absolute value, else
//   normal);
// - without `test`, the convention the analysis has always used: exact when
//   there are at most 50 differences, none zero and none tied, else
//   `normal_cc`;
// - an exact distribution beyond EXACT_LIMIT_N differences is not computed:
//   `normal` is used and reported instead;
// - no difference left: p and method are null.

import type { Alternative, TestConvention, TestMethod } from "./conventions";
import { normalUpperTail } from "./normal";
import { averageRanks, tieTerm } from "./ranks";

export { erfc, normalUpperTail } from "./normal";

/** The largest number of differences for which `auto` chooses the exact test. */
export const EXACT_MAX_N = 50;
/** The largest number of differences for which an exact distribution is computed at all. */
export const EXACT_LIMIT_N = 500;

export interface SignedRankResult {
  /** Differences left after dropping zeros. */
  n: number;
  /** W+, the sum of the ranks of the positive differences. */
  statistic: number;
  p: number | null;
  method: TestMethod | null;
}

export interface SignedRankOptions {
  test?: TestConvention;
  /** Default "greater" (the differences tend to be positive). */
  alternative?: Alternative;
}

/** The null distribution of W+ for n untied ranks: P(W+ = s) for s = 0 … n(n+1)/2. */
function exactDistribution(n: number): Float64Array {
  const max = (n * (n + 1)) / 2;
  const pmf = new Float64Array(max + 1);
  pmf[0] = 1;
  // Adding rank r: each sign equally likely, so P'(s) = (P(s) + P(s − r)) / 2.
  for (let rank = 1, top = 0; rank <= n; rank++) {
    top += rank;
    for (let sum = top; sum >= rank; sum--) pmf[sum] = ((pmf[sum] ?? 0) + (pmf[sum - rank] ?? 0)) * 0.5;
    for (let sum = rank - 1; sum >= 0; sum--) pmf[sum] = (pmf[sum] ?? 0) * 0.5;
  }
  return pmf;
}

function exactP(n: number, w: number, alternative: Alternative): number {
  const pmf = exactDistribution(n);
  const atLeast = (k: number) => {
    let tail = 0;
    for (let s = Math.max(0, k); s < pmf.length; s++) tail += pmf[s] ?? 0;
    return tail;
  };
  const atMost = (k: number) => {
    let tail = 0;
    for (let s = Math.min(pmf.length - 1, k); s >= 0; s--) tail += pmf[s] ?? 0;
    return tail;
  };
  const upper = atLeast(Math.floor(w));
  if (alternative === "greater") return upper;
  return Math.min(1, 2 * Math.min(upper, atMost(Math.ceil(w))));
}

function normalP(n: number, w: number, tieSizes: readonly number[], correction: boolean, alternative: Alternative): number | null {
  const mean = (n * (n + 1)) / 4;
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieTerm(tieSizes) / 48;
  if (!(variance > 0)) return null;
  const sd = Math.sqrt(variance);
  let z = (w - mean) / sd;
  if (alternative === "greater") {
    if (correction) z -= 0.5 / sd;
    return normalUpperTail(z);
  }
  if (correction) z -= (Math.sign(z) * 0.5) / sd;
  return Math.min(1, 2 * normalUpperTail(Math.abs(z)));
}

/** Wilcoxon signed-rank test of the differences (default: one-sided, "they tend to be positive"). */
export function wilcoxonSignedRank(differences: readonly number[], options: SignedRankOptions = {}): SignedRankResult {
  const alternative = options.alternative ?? "greater";
  const finite = differences.filter((d) => Number.isFinite(d));
  const nonZero = finite.filter((d) => d !== 0);
  const hadZeros = nonZero.length < finite.length;
  const n = nonZero.length;
  if (n === 0) return { n: 0, statistic: 0, p: null, method: null };
  const { ranks, tieSizes } = averageRanks(nonZero.map(Math.abs));
  const statistic = nonZero.reduce((sum, d, i) => (d > 0 ? sum + (ranks[i] ?? 0) : sum), 0);
  const tied = tieSizes.some((t) => t > 1);
  let method: TestMethod;
  switch (options.test) {
    case undefined:
      method = n <= EXACT_MAX_N && !tied && !hadZeros ? "exact" : "normal_cc";
      break;
    case "auto":
      method = n <= EXACT_MAX_N && !tied ? "exact" : "normal";
      break;
    default:
      method = options.test;
  }
  if (method === "exact" && n > EXACT_LIMIT_N) method = "normal";
  const p = method === "exact" ? exactP(n, statistic, alternative) : normalP(n, statistic, tieSizes, method === "normal_cc", alternative);
  return { n, statistic, p, method };
}
