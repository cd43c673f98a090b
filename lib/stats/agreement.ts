// Inter-rater agreement on an ordinal scale 0..K-1 (docs/design.md §5). Pure: takes
// arrays, returns numbers, or null where a figure is undefined (never NaN).

export type Pair = readonly [a: number, b: number];
export type Weighting = "unweighted" | "linear" | "quadratic";
export type Matrix = number[][];

/** Pairs with a -1 ("could not be scored") on either side are left out. */
export function scoredPairs(pairs: readonly Pair[]): Pair[] {
  return pairs.filter(([a, b]) => a !== -1 && b !== -1);
}

/** How many pairs gave A the score `a` and B the score `b`: one cell of a K×K table. */
export interface PairCount {
  a: number;
  b: number;
  count: number;
}

export const emptyMatrix = (k: number): Matrix => Array.from({ length: k }, () => new Array<number>(k).fill(0));

const inScale = (score: number, k: number) => Number.isInteger(score) && score >= 0 && score < k;

/**
 * Adds counted pairs into a K×K table, rater A in rows and rater B in
 * columns. A pair with a score outside 0..K-1 on either side (-1, "could not
 * be scored", above all) is left out. Every table of pairs is built here.
 */
export function addCells(matrix: Matrix, cells: Iterable<PairCount>): Matrix {
  const k = matrix.length;
  for (const { a, b, count } of cells) {
    const row = matrix[a];
    if (row && inScale(a, k) && inScale(b, k)) row[b] = (row[b] ?? 0) + count;
  }
  return matrix;
}

/** K×K counts of single pairs; a score outside the scale is a RangeError, so leave -1 out first (scoredPairs). */
export function confusionMatrix(pairs: readonly Pair[], k: number): Matrix {
  for (const [a, b] of pairs) {
    if (!inScale(a, k) || !inScale(b, k)) throw new RangeError(`Score pair (${a}, ${b}) is outside the scale 0..${k - 1}.`);
  }
  return addCells(emptyMatrix(k), pairs.map(([a, b]) => ({ a, b, count: 1 })));
}

const total = (m: Matrix) => m.reduce((sum, row) => sum + row.reduce((s, c) => s + c, 0), 0);
const cell = (m: Matrix, i: number, j: number) => m[i]?.[j] ?? 0;

function sumWhere(m: Matrix, keep: (i: number, j: number) => boolean): number {
  let sum = 0;
  m.forEach((row, i) => row.forEach((c, j) => (sum += keep(i, j) ? c : 0)));
  return sum;
}

/** Share of pairs with a = b. */
export function exactAgreement(m: Matrix): number | null {
  const n = total(m);
  return n === 0 ? null : sumWhere(m, (i, j) => i === j) / n;
}

/** Share of pairs with |a − b| ≤ 1. */
export function withinOne(m: Matrix): number | null {
  const n = total(m);
  return n === 0 ? null : sumWhere(m, (i, j) => Math.abs(i - j) <= 1) / n;
}

/** Mean of a − b. */
export function meanDifference(m: Matrix): number | null {
  const n = total(m);
  if (n === 0) return null;
  let sum = 0;
  m.forEach((row, i) => row.forEach((c, j) => (sum += c * (i - j))));
  return sum / n;
}

function agreementWeight(i: number, j: number, k: number, weighting: Weighting): number {
  if (weighting === "unweighted") return i === j ? 1 : 0;
  const d = Math.abs(i - j) / (k - 1);
  return weighting === "linear" ? 1 - d : 1 - d * d;
}

// p_e = 1 only up to rounding when every pair sits in one category.
const EPSILON = 1e-12;

/** Cohen's kappa with agreement weights over the scale's K categories. */
export function cohenKappa(m: Matrix, weighting: Weighting = "unweighted"): number | null {
  const k = m.length;
  const n = total(m);
  if (n === 0 || k < 2) return null;
  const rows = m.map((row) => row.reduce((s, c) => s + c, 0) / n);
  const cols = m.map((_, j) => m.reduce((s, row) => s + (row[j] ?? 0), 0) / n);
  let po = 0;
  let pe = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = agreementWeight(i, j, k, weighting);
      po += (w * cell(m, i, j)) / n;
      pe += w * (rows[i] ?? 0) * (cols[j] ?? 0);
    }
  }
  return 1 - pe < EPSILON ? null : (po - pe) / (1 - pe);
}

/** Gwet's AC1 (unweighted), with chance agreement from both raters' pooled margins. */
export function gwetAC1(m: Matrix): number | null {
  const k = m.length;
  const n = total(m);
  if (n === 0 || k < 2) return null;
  const po = sumWhere(m, (i, j) => i === j) / n;
  let pe = 0;
  for (let c = 0; c < k; c++) {
    const pi = (m[c]?.reduce((s, x) => s + x, 0) ?? 0) / (2 * n) + m.reduce((s, row) => s + (row[c] ?? 0), 0) / (2 * n);
    pe += (pi * (1 - pi)) / (k - 1);
  }
  return 1 - pe < EPSILON ? null : (po - pe) / (1 - pe);
}

export type AlphaMetric = "nominal" | "ordinal" | "interval";

/**
 * Krippendorff's alpha from a coincidence matrix `o` (values 0..K-1), as in
 * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability".
 */
export function alphaFromCoincidences(o: Matrix, metric: AlphaMetric): number | null {
  const k = o.length;
  const nc = o.map((row) => row.reduce((s, x) => s + x, 0));
  const n = nc.reduce((s, x) => s + x, 0);
  if (n <= 1) return null;
  const delta = (c: number, g: number): number => {
    if (metric === "nominal") return c === g ? 0 : 1;
    if (metric === "interval") return (c - g) ** 2;
    const [lo, hi] = c < g ? [c, g] : [g, c];
    let between = 0;
    for (let h = lo; h <= hi; h++) between += nc[h] ?? 0;
    return (between - ((nc[c] ?? 0) + (nc[g] ?? 0)) / 2) ** 2;
  };
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < k; c++) {
    for (let g = 0; g < k; g++) {
      const d = delta(c, g);
      observed += cell(o, c, g) * d;
      expected += (nc[c] ?? 0) * (nc[g] ?? 0) * d;
    }
  }
  if (expected < EPSILON) return null;
  return 1 - ((n - 1) * observed) / expected;
}

/**
 * Krippendorff's alpha for units rated by any number of raters: each unit
 * lists the values it received (missing ratings simply absent; -1 dropped).
 * Units with fewer than two values cannot be paired and are left out.
 */
export function krippendorffAlpha(units: readonly (readonly number[])[], k: number, metric: AlphaMetric = "ordinal"): number | null {
  const o = emptyMatrix(k);
  for (const unit of units) {
    const values = unit.filter((v) => v !== -1);
    const m = values.length;
    if (m < 2) continue;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        if (i === j) continue;
        const a = values[i] ?? 0;
        const b = values[j] ?? 0;
        if (a < 0 || a >= k || b < 0 || b >= k) throw new RangeError(`Value outside the scale 0..${k - 1}.`);
        (o[a] as number[])[b] = cell(o, a, b) + 1 / (m - 1);
      }
    }
  }
  return alphaFromCoincidences(o, metric);
}

/** Alpha for pairs: each pair is a unit of two values, so o = C + Cᵀ. */
export function alphaFromConfusion(m: Matrix, metric: AlphaMetric = "ordinal"): number | null {
  return alphaFromCoincidences(m.map((row, i) => row.map((c, j) => c + cell(m, j, i))), metric);
}
