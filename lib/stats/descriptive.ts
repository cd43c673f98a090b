// Descriptive statistics and Holm's step-down adjustment. Pure; an empty
// input gives null, never NaN.

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
}

/**
 * The p-quantile (0 ≤ p ≤ 1) of values in any order, with linear
 * interpolation between order statistics (Hyndman & Fan type 7: R's default,
 * numpy's "linear"); null on no values. The one quantile of lib/stats.
 */
export function quantile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * p;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] ?? 0;
  return low + ((sorted[upper] ?? low) - low) * (position - lower);
}

export const median = (values: readonly number[]) => quantile(values, 0.5);

export function shareWhere<T>(values: readonly T[], keep: (value: T) => boolean): number | null {
  return values.length === 0 ? null : values.filter(keep).length / values.length;
}

/**
 * Holm–Bonferroni adjusted p-values, in the input's order: sorted ascending,
 * the i-th (from 0) of m is multiplied by m − i, kept monotone, capped at 1.
 * A null p stays null and does not count towards m.
 */
export function holm(pValues: readonly (number | null)[]): (number | null)[] {
  const present = pValues.flatMap((p, index) => (p === null ? [] : [{ p, index }])).sort((a, b) => a.p - b.p);
  const m = present.length;
  const adjusted = new Array<number | null>(pValues.length).fill(null);
  let running = 0;
  present.forEach(({ p, index }, i) => {
    running = Math.max(running, Math.min(1, (m - i) * p));
    adjusted[index] = running;
  });
  return adjusted;
}

/** Rounds to 12 decimals, so that figures equal in exact arithmetic (e.g. two means of 1/3) compare equal and tie. */
export const tidy = (value: number): number => Math.round(value * 1e12) / 1e12;
