// How much a figure can be trusted at its n, and why a figure is missing. Pure.
import type { Matrix } from "@/lib/stats/agreement";
import { agreementFromMatrix, type AgreementFigures } from "@/lib/stats/summary";

/**
 * Below this many pairs a figure is shown with "too few pairs" and no 95%
 * interval: a bootstrap over fewer pairs draws from a handful of distinct
 * tables, so its interval looks far tighter than the data allow (at n = 1
 * every resample is the one pair, and the interval is a single point).
 */
export const MIN_PAIRS_FOR_INTERVAL = 10;

export const tooFewPairs = (n: number) => n < MIN_PAIRS_FOR_INTERVAL;

/** The figures that can have an interval, as named in ci95. */
export const INTERVAL_FIGURES = ["exact", "within1", "kappa", "kappa_linear", "kappa_quadratic", "gwet_ac1", "alpha_ordinal", "mean_diff"] as const;

/**
 * Every figure of a table of pairs, with 95% intervals from
 * MIN_PAIRS_FOR_INTERVAL pairs on; below it every interval is null (the
 * figures themselves are still given). `intervals: false` is for tables that
 * show none: ci95 is then empty.
 */
export function pairFigures(matrix: Matrix, options: { intervals?: boolean } = {}): AgreementFigures {
  if (options.intervals === false) return agreementFromMatrix(matrix, { intervals: false });
  const figures = agreementFromMatrix(matrix, { intervals: !tooFewPairs(matrix.flat().reduce((s, c) => s + c, 0)) });
  return tooFewPairs(figures.n) ? { ...figures, ci95: Object.fromEntries(INTERVAL_FIGURES.map((name) => [name, null])) } : figures;
}

/**
 * Why a figure is undefined (null), by figure: with no pair nothing is
 * computed; the judge miss rate is a share of the pairs where the physician
 * gave OH ≥ 1, so it has none when the physician never did; any other figure
 * is undefined when every score of both raters is the same category, so
 * chance agreement is 1 and κ and α divide by zero. Null when the figure has
 * a value.
 */
export function whyUndefined(figure: string, value: number | null | undefined, n: number): string | null {
  if (value !== null && value !== undefined) return null;
  if (n === 0) return "no pairs";
  if (figure === "judge_miss_rate") return "physician never gave OH ≥ 1";
  return "one category only";
}

/** Why a figure that has a value shows no interval; null when it has one. */
export function whyNoInterval(figures: Pick<AgreementFigures, "n" | "ci95">, key: string, value: number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (tooFewPairs(figures.n)) return "too few pairs";
  return figures.ci95[key] ? null : "undefined in most resamples";
}
