// Mann–Whitney U test, two-sided. Pure. Conventions (those of
// scipy.stats.mannwhitneyu(x, y, alternative="two-sided")):
// - non-finite values are ignored; ranks over both samples together, ties
//   sharing their average rank;
// - U is U₁ = R₁ − n₁(n₁+1)/2 of the first sample (U₂ = n₁n₂ − U₁); the
//   p-value uses U = max(U₁, U₂);
// - `test` (see conventions.ts): `exact` = 2·P(U ≥ ⌊u⌋) under the untied
//   null distribution, capped at 1; `normal` = 2·P(Z ≥ (u − n₁n₂/2)/σ) with
//   the tie-corrected σ² = n₁n₂/12 · ((n+1) − Σ(t³−t)/(n(n−1))); `normal_cc`
//   subtracts 0.5 from u − n₁n₂/2 first; `auto` (the default) is exact when
//   the smaller sample has at most 8 values and nothing is tied, else
//   normal (scipy's method="auto" with use_continuity=False);
// - an exact distribution is computed only while the smaller sample has at
//   most EXACT_LIMIT_SMALLER values (beyond, its floating-point sums lose
//   digits: 5e-11 at 250 against 250) and n₁n₂·min(n₁, n₂)/2 additions stay
//   within EXACT_LIMIT_COST; otherwise `normal` is used and reported instead;
// - an empty sample, or σ = 0 (every value equal) under a normal method:
//   p is null (never NaN).

import type { TestConvention, TestMethod } from "./conventions";
import { normalUpperTail } from "./normal";
import { averageRanks, tieTerm } from "./ranks";

/** `auto` is exact only when the smaller sample has at most this many values (and nothing is tied). */
export const EXACT_MAX_SMALLER = 8;
export const EXACT_LIMIT_SMALLER = 200;
export const EXACT_LIMIT_COST = 1e8;

export interface MannWhitneyResult {
  n1: number;
  n2: number;
  /** U₁, the U statistic of the first sample; null with an empty sample. */
  statistic: number | null;
  p: number | null;
  method: TestMethod | null;
}

/**
 * P(U ≤ k) for samples of m and n untied values. The count of arrangements
 * with U = u is the coefficient of q^u in the Gaussian binomial
 * [m+n choose m]_q = ∏ᵢ (1 − q^(n+i)) / (1 − q^i), i = 1 … m; it is built
 * factor by factor as a distribution (each step scaled by i/(n+i)), only up
 * to k, with m the smaller sample (the error grows with the number of
 * factors: within 1e-14 of exact integer arithmetic up to 200 against 200).
 */
function exactLowerTail(m: number, n: number, k: number): number {
  if (k < 0) return 0;
  const top = Math.min(k, m * n);
  const pmf = new Float64Array(top + 1);
  pmf[0] = 1;
  for (let i = 1; i <= m; i++) {
    // Divide by (1 − q^i): running sums along stride i.
    for (let u = i; u <= top; u++) pmf[u] = (pmf[u] ?? 0) + (pmf[u - i] ?? 0);
    // Multiply by (1 − q^(n+i)), from the top down so the lower terms are still the running sums.
    for (let u = top; u >= n + i; u--) pmf[u] = (pmf[u] ?? 0) - (pmf[u - n - i] ?? 0);
    const scale = i / (n + i);
    const degree = i * n;
    for (let u = 0; u <= top; u++) pmf[u] = u > degree ? 0 : Math.max(0, (pmf[u] ?? 0) * scale);
  }
  let sum = 0;
  for (let u = 0; u <= top; u++) sum += pmf[u] ?? 0;
  return Math.min(1, sum);
}

/** Two-sided Mann–Whitney U test of "the two samples come from the same distribution". */
export function mannWhitneyU(x: readonly number[], y: readonly number[], options: { test?: TestConvention } = {}): MannWhitneyResult {
  const a = x.filter((v) => Number.isFinite(v));
  const b = y.filter((v) => Number.isFinite(v));
  const [n1, n2] = [a.length, b.length];
  if (n1 === 0 || n2 === 0) return { n1, n2, statistic: null, p: null, method: null };
  const { ranks, tieSizes } = averageRanks([...a, ...b]);
  const r1 = ranks.slice(0, n1).reduce((s, r) => s + r, 0);
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u = Math.max(u1, n1 * n2 - u1);
  const tied = tieSizes.some((t) => t > 1);
  const test = options.test ?? "auto";
  let method: TestMethod = test === "auto" ? (Math.min(n1, n2) <= EXACT_MAX_SMALLER && !tied ? "exact" : "normal") : test;
  const smaller = Math.min(n1, n2);
  if (method === "exact" && (smaller > EXACT_LIMIT_SMALLER || (n1 * n2 * smaller) / 2 > EXACT_LIMIT_COST)) method = "normal";
  if (method === "exact") {
    // P(U ≥ ⌊u⌋) = P(U ≤ n₁n₂ − ⌊u⌋) by symmetry; the lower tail is the short one (u ≥ n₁n₂/2).
    const upper = exactLowerTail(Math.min(n1, n2), Math.max(n1, n2), n1 * n2 - Math.floor(u));
    return { n1, n2, statistic: u1, p: Math.min(1, 2 * upper), method };
  }
  const n = n1 + n2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm(tieSizes) / (n * (n - 1)));
  if (!(variance > 0)) return { n1, n2, statistic: u1, p: null, method };
  const z = (u - (n1 * n2) / 2 - (method === "normal_cc" ? 0.5 : 0)) / Math.sqrt(variance);
  return { n1, n2, statistic: u1, p: Math.min(1, 2 * normalUpperTail(z)), method };
}
