// Wilcoxon signed-rank test, one-sided (the differences tend to be > 0).
// Pure. Conventions (those of scipy.stats.wilcoxon with zero_method="wilcox",
// correction=True, alternative="greater"):
// - zero differences are dropped before ranking;
// - tied |differences| share their average rank;
// - exact p when there are at most 50 differences, none zero and none tied
//   in absolute value; otherwise (as R's wilcox.test and scipy do) the normal
//   approximation with the tie-corrected variance and a continuity
//   correction of 0.5;
// - no difference left: p is null.

export const EXACT_MAX_N = 50;

export interface SignedRankResult {
  /** Differences left after dropping zeros. */
  n: number;
  /** W+, the sum of the ranks of the positive differences. */
  statistic: number;
  p: number | null;
  method: "exact" | "normal" | null;
}

/** Average ranks (1-based) of the values, ties sharing their mean rank; also the tie group sizes. */
function averageRanks(values: readonly number[]): { ranks: number[]; tieSizes: number[] } {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(values.length).fill(0);
  const tieSizes: number[] = [];
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]?.v === order[start]?.v) end++;
    const rank = (start + end) / 2 + 1;
    for (let j = start; j <= end; j++) ranks[order[j]?.i ?? 0] = rank;
    tieSizes.push(end - start + 1);
    start = end + 1;
  }
  return { ranks, tieSizes };
}

/** P(W+ ≥ w) under H0 for n untied ranks: the count of rank subsets summing to ≥ w, over 2^n. */
function exactUpperTail(n: number, w: number): number {
  const max = (n * (n + 1)) / 2;
  let counts = new Array<number>(max + 1).fill(0);
  counts[0] = 1;
  for (let rank = 1; rank <= n; rank++) {
    const next = [...counts];
    for (let sum = rank; sum <= max; sum++) next[sum] = (next[sum] ?? 0) + (counts[sum - rank] ?? 0);
    counts = next;
  }
  let tail = 0;
  for (let sum = Math.ceil(w - 1e-9); sum <= max; sum++) tail += counts[sum] ?? 0;
  return tail / 2 ** n;
}

/** Upper tail of the standard normal, P(Z > z). */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/**
 * The complementary error function to ~1e-15: the power series of erf below
 * 2, and Lentz's evaluation of the continued fraction above (where 1 − erf
 * would lose the digits that matter).
 */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) {
    let term = x;
    let sum = x;
    for (let k = 1; k < 200; k++) {
      term *= (-x * x) / k;
      const add = term / (2 * k + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  if (x > 27) return 0;
  // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 1000; k++) {
    const a = k / 2;
    d = x + a * d;
    d = d === 0 ? 1e-300 : 1 / d;
    c = x + a / c;
    if (c === 0) c = 1e-300;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** One-sided Wilcoxon signed-rank test of "the differences tend to be positive". */
export function wilcoxonSignedRank(differences: readonly number[]): SignedRankResult {
  const finite = differences.filter((d) => Number.isFinite(d));
  const nonZero = finite.filter((d) => d !== 0);
  const hadZeros = nonZero.length < finite.length;
  const n = nonZero.length;
  if (n === 0) return { n: 0, statistic: 0, p: null, method: null };
  const { ranks, tieSizes } = averageRanks(nonZero.map(Math.abs));
  const statistic = nonZero.reduce((sum, d, i) => (d > 0 ? sum + (ranks[i] ?? 0) : sum), 0);
  const tied = tieSizes.some((t) => t > 1);
  if (n <= EXACT_MAX_N && !tied && !hadZeros) return { n, statistic, p: exactUpperTail(n, statistic), method: "exact" };
  const mean = (n * (n + 1)) / 4;
  const tieCorrection = tieSizes.reduce((s, t) => s + t ** 3 - t, 0) / 48;
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieCorrection;
  if (variance <= 0) return { n, statistic, p: null, method: "normal" };
  const z = (statistic - mean - 0.5) / Math.sqrt(variance);
  return { n, statistic, p: normalUpperTail(z), method: "normal" };
}
