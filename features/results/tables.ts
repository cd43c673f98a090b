// Turning SQL's grouped counts into the figures of the results page. Pure.
import { RaterKind } from "@/lib/db/generated/enums";
import { addCells, cohenKappa, emptyMatrix, withinOne, type Matrix, type PairCount } from "@/lib/stats/agreement";
import { bootstrapIntervals } from "@/lib/stats/bootstrap";
import { tooFewPairs } from "./precision";
import { SCALES, type Scale } from "./scales";

/**
 * The over-time chart's κ band is bootstrapped at every BAND_EVERY-th point
 * and the last, with OVER_TIME_RESAMPLES resamples each: fewer than a
 * table's 2,000, as a chart has up to 40 points a scale and the page asks
 * every few seconds (40 points at 500 resamples cost ~0.5 s a scale). A
 * chart of at most OVER_TIME_POINTS / BAND_EVERY points (a short study: a
 * point per 10 minutes) has it at every point, no more bootstraps than a
 * full chart, so its band shows along the whole line.
 */
export const OVER_TIME_RESAMPLES = 200;
export const BAND_EVERY = 5;

/** A grouped count of pairs: A's and B's score on both scales. */
export interface PairCell {
  oh_a: number;
  oh_b: number;
  ch_a: number;
  ch_b: number;
  count: number;
}

/** Miss rate of B against A: of the pairs where A gave ≥ 1, the share where B gave 0; null when A never gave ≥ 1. */
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

export type Side = "a" | "b";

/**
 * The judge miss rate of a pair of raters, with the machine rater as the
 * judge whichever side it is on: of the pairs where the physician gave
 * OH ≥ 1, the share where the machine gave OH 0. Only a machine against a
 * physician has one (two physicians have no judge, and two machines no
 * physician to miss against): undefined otherwise.
 */
export function judgeMissRate(m: Matrix, kinds: { a: RaterKind; b: RaterKind }): { judge: Side; rate: number | null } | undefined {
  if (kinds.a === kinds.b) return undefined;
  if (kinds.b === RaterKind.machine) return { judge: "b", rate: missRate(m) };
  if (kinds.a === RaterKind.machine) return { judge: "a", rate: missRate(m.map((row, i) => row.map((_, j) => m[j]?.[i] ?? 0))) };
  return undefined;
}

/** The judge miss rate and the machine rater it is of, when one side of the pair is a machine and the other a physician; nothing otherwise. */
export function judgeFigures(matrix: Matrix, a: { name: string; kind: RaterKind }, b: { name: string; kind: RaterKind }): { judge?: string; judge_miss_rate?: number | null } {
  const miss = judgeMissRate(matrix, { a: a.kind, b: b.kind });
  return miss ? { judge: (miss.judge === "a" ? a : b).name, judge_miss_rate: miss.rate } : {};
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
  /** The end of the time bucket (10 minutes, an hour or a day, by the study's span) of the last of them to get its second rating: every one of them had it before. */
  until: string;
  kappa_quadratic: number | null;
  /** Bootstrap 95% interval of kappa_quadratic at every BAND_EVERY-th point and the last; null elsewhere and below MIN_PAIRS_FOR_INTERVAL pairs. */
  kappa_quadratic_ci95: [number, number] | null;
  within1: number | null;
}

/**
 * Agreement as double-rated answers accumulate: `buckets` are consecutive
 * slices of the pairs in the order they were completed, each with its cells;
 * each point covers every pair up to the end of its slice.
 */
export function cumulativeAgreement(buckets: readonly { until: Date; cells: readonly PairCount[] }[], k: number): OverTimePoint[] {
  const matrix = emptyMatrix(k);
  return buckets.map(({ until, cells }, index) => {
    addCells(matrix, cells);
    const n = matrix.flat().reduce((s, c) => s + c, 0);
    const kappa = (m: Matrix) => cohenKappa(m, "quadratic");
    const banded = buckets.length <= OVER_TIME_POINTS / BAND_EVERY || (index + 1) % BAND_EVERY === 0 || index === buckets.length - 1;
    const band = !banded || tooFewPairs(n) ? null : (bootstrapIntervals(matrix, { kappa }, { resamples: OVER_TIME_RESAMPLES }).kappa ?? null);
    return { n, until: until.toISOString(), kappa_quadratic: kappa(matrix), kappa_quadratic_ci95: band, within1: withinOne(matrix) };
  });
}

/** Checkpoints on the agreement-over-time chart at most, however many pairs there are. */
export const OVER_TIME_POINTS = 40;

/**
 * The widths (minutes, finest first) of the time buckets the pooled pairs
 * are counted in by when their second rating was given: bucket n of width m
 * holds the times from n·m to (n+1)·m minutes after the Unix epoch (UTC), so
 * a bucket of a wider width is whole buckets of each finer one.
 */
export const BUCKET_MINUTES = [10, 60, 1440] as const;

/** The most buckets agreement over time goes through: the finest width is taken whose buckets over the span are no more. */
export const MAX_BUCKETS = 1000;

/** How agreement over time cuts a span: buckets `minutes` wide, from bucket `first` on, merged `width` at a time into a slice. */
export interface TimeSlicing {
  minutes: (typeof BUCKET_MINUTES)[number];
  first: number;
  width: number;
}

/**
 * The slicing of a span of pooled pairs given as its first and last finest
 * buckets: the finest width with at most MAX_BUCKETS buckets over the span
 * (the widest otherwise), its buckets merged whole into at most
 * OVER_TIME_POINTS slices of equal width.
 */
export function timeSlicing(firstFinest: number, lastFinest: number): TimeSlicing {
  const finest = BUCKET_MINUTES[0];
  for (const minutes of BUCKET_MINUTES) {
    const first = Math.floor((firstFinest * finest) / minutes);
    const buckets = Math.floor((lastFinest * finest) / minutes) - first + 1;
    if (buckets <= MAX_BUCKETS || minutes === BUCKET_MINUTES.at(-1)) return { minutes, first, width: Math.ceil(buckets / OVER_TIME_POINTS) };
  }
  throw new Error("unreachable: the widest width is always taken");
}

/** A scale's counted pairs in one slice of a slicing, with the last bucket of the slice that has any (`last`). */
export interface SliceCell {
  slice: number;
  last: number;
  scale: Scale;
  a: number;
  b: number;
  count: number;
}

/** A slice of time with each scale's pairs in it; `until` is the end of its last bucket that has a pair. */
export interface TimeSlice {
  until: Date;
  cells: Record<Scale, PairCount[]>;
}

/** Slice cells into the slices that have pairs, in time order. */
export function timeSlices(rows: readonly SliceCell[], slicing: TimeSlicing): TimeSlice[] {
  const slices = new Map<number, { last: number; cells: Record<Scale, PairCount[]> }>();
  for (const { slice, last, scale, a, b, count } of rows) {
    const at = slices.get(slice) ?? { last, cells: { omission_harm: [], commission_harm: [] } };
    at.last = Math.max(at.last, last);
    at.cells[scale].push({ a, b, count });
    slices.set(slice, at);
  }
  return [...slices]
    .sort(([x], [y]) => x - y)
    .map(([, { last, cells }]) => ({ until: new Date((last + 1) * slicing.minutes * 60_000), cells }));
}

/** A critical-action result as an ordinal category: miss 0, partial 1, hit 2. */
export const ACTION_RESULT_INDEX: Record<string, number> = { miss: 0, partial: 1, hit: 2 };
