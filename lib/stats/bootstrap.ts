import type { Matrix } from "./agreement";
import { quantile } from "./descriptive";
import { multinomial, seededRandom } from "./random";

export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_SEED = 20261122;

/**
 * Percentile bootstrap 95% intervals over items. Resampling n pairs with
 * replacement is a multinomial draw over the K×K cells, so each resample is
 * a new confusion matrix. A figure undefined in most resamples has no interval.
 */
export function bootstrapIntervals(
  m: Matrix,
  figures: Record<string, (resample: Matrix) => number | null>,
  options: { resamples?: number; seed?: number } = {},
): Record<string, [number, number] | null> {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const random = seededRandom(options.seed ?? DEFAULT_SEED);
  const k = m.length;
  const cells = m.flat();
  const n = cells.reduce((s, c) => s + c, 0);
  const draws: Record<string, number[]> = Object.fromEntries(Object.keys(figures).map((name) => [name, []]));
  if (n === 0) return Object.fromEntries(Object.keys(figures).map((name) => [name, null]));
  for (let r = 0; r < resamples; r++) {
    const counts = multinomial(n, cells, random);
    const resample = Array.from({ length: k }, (_, i) => counts.slice(i * k, (i + 1) * k));
    for (const [name, figure] of Object.entries(figures)) {
      const value = figure(resample);
      if (value !== null && Number.isFinite(value)) draws[name]?.push(value);
    }
  }
  return Object.fromEntries(
    Object.entries(draws).map(([name, values]) => {
      if (values.length < resamples / 2) return [name, null];
      const [low, high] = [quantile(values, 0.025), quantile(values, 0.975)];
      return [name, low === null || high === null ? null : [low, high]];
    }),
  );
}

/**
 * Percentile bootstrap 95% interval of a figure over items: each resample
 * draws n items with replacement (index ⌊u·n⌋ for each seeded uniform u, in
 * order), the interval is the 2.5 and 97.5 percentiles (type 7) of the
 * figure over the resamples. No items, or a figure undefined in most
 * resamples: null.
 */
export function bootstrapInterval<T>(
  items: readonly T[],
  figure: (resample: readonly T[]) => number | null,
  options: { resamples?: number; seed?: number } = {},
): [number, number] | null {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const random = seededRandom(options.seed ?? DEFAULT_SEED);
  const n = items.length;
  if (n === 0) return null;
  const draws: number[] = [];
  const resample = new Array<T>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) resample[i] = items[Math.floor(random() * n)] as T;
    const value = figure(resample);
    if (value !== null && Number.isFinite(value)) draws.push(value);
  }
  if (draws.length < resamples / 2) return null;
  const [low, high] = [quantile(draws, 0.025), quantile(draws, 0.975)];
  return low === null || high === null ? null : [low, high];
}

const meanOf = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;

/**
 * 95% interval of a mean (or of a share, given 0/1 values), resampling the
 * values. Drawing n values with replacement and averaging depends only on how
 * many times each distinct value is drawn, and those counts follow a
 * multinomial law with the observed shares as probabilities: each resample is
 * one multinomial draw over the distinct values (in increasing order), so it
 * is the same bootstrap as resampling the values one by one, at a cost of
 * O(distinct values) per resample instead of O(n). The analysis bootstraps
 * tens of thousands of action values that take a handful of distinct values.
 */
export function bootstrapMeanInterval(values: readonly number[], options: { resamples?: number; seed?: number } = {}): [number, number] | null {
  const finite = values.filter((v) => Number.isFinite(v));
  const n = finite.length;
  if (n === 0) return null;
  const tally = new Map<number, number>();
  for (const v of finite) tally.set(v, (tally.get(v) ?? 0) + 1);
  const distinct = [...tally.keys()].sort((x, y) => x - y);
  const counts = distinct.map((v) => tally.get(v) ?? 0);
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const random = seededRandom(options.seed ?? DEFAULT_SEED);
  const draws = new Array<number>(resamples);
  for (let r = 0; r < resamples; r++) {
    const drawn = multinomial(n, counts, random);
    let sum = 0;
    for (let i = 0; i < distinct.length; i++) sum += (drawn[i] ?? 0) * (distinct[i] ?? 0);
    draws[r] = sum / n;
  }
  const [low, high] = [quantile(draws, 0.025), quantile(draws, 0.975)];
  return low === null || high === null ? null : [low, high];
}

/** 95% interval of a mean gap, mean(first − second), resampling the pairs. */
export function bootstrapMeanGapInterval(
  pairs: readonly { readonly first: number; readonly second: number }[],
  options: { resamples?: number; seed?: number } = {},
) {
  const gaps = pairs.filter((p) => Number.isFinite(p.first) && Number.isFinite(p.second)).map((p) => p.first - p.second);
  return bootstrapInterval(gaps, meanOf, options);
}
