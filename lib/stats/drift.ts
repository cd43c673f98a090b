// Drift of a physician over time (docs/design.md §5, "Drift"). Pure: takes the
// study's physician ratings and gold ratings as plain records, returns one row
// of figures per slice; an undefined figure is null, never NaN.
import { addCells, cohenKappa, emptyMatrix, exactAgreement, withinOne, type Matrix } from "./agreement";
import { mean } from "./descriptive";

export const DRIFT_SLICINGS = ["week", "day", "ratings"] as const;
export type DriftSlicingKind = (typeof DRIFT_SLICINGS)[number];
export type DriftSlicing = { by: "day" | "week" } | { by: "ratings"; size: number };

/** The two scales and their number of categories (0..K-1). */
export interface DriftScales {
  omission_harm: number;
  commission_harm: number;
}
export type DriftScale = keyof DriftScales;

/** A physician's rating of an answer (`at`: when it was given, ms since the epoch). */
export interface DriftRating {
  rater: string;
  answer: string;
  at: number;
  omission_harm: number;
  commission_harm: number;
}

/** A physician's rating of a gold answer beside the answer's reference scores. */
export interface DriftGoldRating {
  rater: string;
  at: number;
  omission_harm: number;
  commission_harm: number;
  gold: { omission_harm: number; commission_harm: number };
}

export interface CoRaterFigures {
  n: number;
  exact: number | null;
  within1: number | null;
  kappa_quadratic: number | null;
}

export interface GoldFigures {
  n: number;
  exact: number | null;
  within1: number | null;
}

export interface MeanAgainstPool {
  /** The physician's mean over their ratings in the slice. */
  physician: number | null;
  /** The mean of the other physicians' ratings given in the slice's time span. */
  pool: number | null;
  pool_n: number;
  /** physician − pool. */
  difference: number | null;
}

/**
 * One slice's time span, [from, to) (or [from, to] when `toIncluded`). Days
 * and weeks are [start, next start); blocks of ratings are contiguous and
 * cover the whole time line, so their bounds may be -Infinity and +Infinity.
 */
export interface DriftWindow {
  label: string;
  from: number;
  to: number;
  toIncluded: boolean;
}

export interface DriftSlice {
  label: string;
  /** ISO time; null: open (the first block of ratings starts at -∞). */
  from: string | null;
  /** ISO time; null: open (the last block of ratings runs to +∞). */
  to: string | null;
  to_included: boolean;
  /** The physician's ratings in the slice. */
  n: number;
  co_raters: Record<DriftScale, CoRaterFigures>;
  gold: Record<DriftScale, GoldFigures>;
  mean_oh: MeanAgainstPool;
  mean_ch: MeanAgainstPool;
}

const DAY = 86_400_000;
const SCALES: readonly DriftScale[] = ["omission_harm", "commission_harm"];

const dayStart = (at: number) => Math.floor(at / DAY) * DAY;

/** The start (00:00 UTC) of the day or of the week (weeks begin on Monday) holding `at`. */
export function periodStart(at: number, unit: "day" | "week"): number {
  const day = dayStart(at);
  if (unit === "day") return day;
  const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
  return day - sinceMonday * DAY;
}

const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);

/**
 * Every day or week from the one holding `first` to the one holding `last`,
 * empty ones included, so that every physician's series has the same slices.
 */
export function timeWindows(first: number, last: number, unit: "day" | "week"): DriftWindow[] {
  const step = unit === "day" ? DAY : 7 * DAY;
  const windows: DriftWindow[] = [];
  for (let from = periodStart(first, unit); from <= last; from += step) {
    windows.push({ label: unit === "day" ? isoDay(from) : `Week of ${isoDay(from)}`, from, to: from + step, toIncluded: false });
  }
  return windows;
}

/** How many slices a slicing makes: days or weeks between two times, or blocks of `size` of `count` ratings. */
export function timeWindowCount(first: number, last: number, unit: "day" | "week"): number {
  const step = unit === "day" ? DAY : 7 * DAY;
  return Math.floor((periodStart(last, unit) - periodStart(first, unit)) / step) + 1;
}

export const blockCount = (count: number, size: number) => Math.ceil(count / size);

/** A physician's ratings in the order given (time, then answer), as the ratings are counted into blocks. */
export function inOrderGiven<T extends { at: number; answer: string }>(ratings: readonly T[]): T[] {
  return [...ratings].sort((a, b) => a.at - b.at || (a.answer < b.answer ? -1 : a.answer > b.answer ? 1 : 0));
}

/**
 * Blocks of `size` consecutive ratings (the last one may be shorter), each
 * with its time span. The spans are contiguous and cover all time, so every
 * gold rating and every other physician's rating falls in exactly one block:
 * the first block starts at -∞; block i runs from its first rating up to, not
 * including, the next block's first rating; the last block runs to +∞. A
 * block whose ratings share their time with the next block's first rating
 * has an empty span (it keeps its own ratings; what else was given at that
 * time is in the next block).
 */
export function ratingBlocks<T extends { at: number }>(ordered: readonly T[], size: number): { window: DriftWindow; ratings: T[] }[] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`A block holds at least one rating (got ${size}).`);
  const blocks: { window: DriftWindow; ratings: T[] }[] = [];
  for (let start = 0; start < ordered.length; start += size) {
    const ratings = ordered.slice(start, start + size);
    const from = start === 0 ? -Infinity : (ratings[0]?.at ?? -Infinity);
    const to = ordered[start + size]?.at ?? Infinity;
    blocks.push({ window: { label: `Ratings ${start + 1}–${start + ratings.length}`, from, to, toIncluded: false }, ratings });
  }
  return blocks;
}

const inWindow = (at: number, w: DriftWindow) => at >= w.from && (w.toIncluded ? at <= w.to : at < w.to);

/** Groups records by the windows holding them (windows sorted by time; a record on a shared bound is in both). */
function byWindow<T extends { at: number }>(records: readonly T[], windows: readonly DriftWindow[]): T[][] {
  const groups = windows.map(() => [] as T[]);
  for (const record of records) {
    // The first window that does not end before the record, then every window from there that holds it.
    let low = 0;
    let high = windows.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const w = windows[middle] as DriftWindow;
      if (w.toIncluded ? w.to < record.at : w.to <= record.at) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < windows.length && inWindow(record.at, windows[i] as DriftWindow); i++) groups[i]?.push(record);
  }
  return groups;
}

function countPairs(pairs: readonly (readonly [number, number])[], k: number): Matrix {
  return addCells(emptyMatrix(k), pairs.map(([a, b]) => ({ a, b, count: 1 })));
}

const matrixTotal = (m: Matrix) => m.reduce((s, row) => s + row.reduce((t, c) => t + c, 0), 0);

/** n, exact and within-1 (and κ quadratic) of pairs on a scale of K categories; pairs outside 0..K-1 are left out. */
export function coRaterFigures(pairs: readonly (readonly [number, number])[], k: number): CoRaterFigures {
  const m = countPairs(pairs, k);
  return { n: matrixTotal(m), exact: exactAgreement(m), within1: withinOne(m), kappa_quadratic: cohenKappa(m, "quadratic") };
}

export function goldFigures(pairs: readonly (readonly [number, number])[], k: number): GoldFigures {
  const m = countPairs(pairs, k);
  return { n: matrixTotal(m), exact: exactAgreement(m), within1: withinOne(m) };
}

/** Counts and sums of in-scale scores over records sorted by time, so any time span's total is two look-ups. */
interface TimeTotals {
  times: number[];
  /** Per scale: count[i] and sum[i] over the first i records. */
  count: Record<DriftScale, number[]>;
  sum: Record<DriftScale, number[]>;
}

function timeTotals(sorted: readonly DriftRating[], scales: DriftScales): TimeTotals {
  const totals: TimeTotals = { times: sorted.map((r) => r.at), count: { omission_harm: [0], commission_harm: [0] }, sum: { omission_harm: [0], commission_harm: [0] } };
  for (const scale of SCALES) {
    const count = totals.count[scale];
    const sum = totals.sum[scale];
    sorted.forEach((r, i) => {
      const scored = r[scale] >= 0 && r[scale] < scales[scale];
      count.push((count[i] ?? 0) + (scored ? 1 : 0));
      sum.push((sum[i] ?? 0) + (scored ? r[scale] : 0));
    });
  }
  return totals;
}

/** The first index whose time is at or after `at` (or after it, when `after`). */
function firstIndex(times: readonly number[], at: number, after: boolean): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const t = times[middle] as number;
    if (after ? t <= at : t < at) low = middle + 1;
    else high = middle;
  }
  return low;
}

function spanTotal(totals: TimeTotals, w: DriftWindow, scale: DriftScale): { count: number; sum: number } {
  const low = firstIndex(totals.times, w.from, false);
  const high = firstIndex(totals.times, w.to, w.toIncluded);
  const at = (values: number[], i: number) => values[i] ?? 0;
  return { count: at(totals.count[scale], high) - at(totals.count[scale], low), sum: at(totals.sum[scale], high) - at(totals.sum[scale], low) };
}

function meanAgainstPool(own: readonly number[], pool: { count: number; sum: number }, k: number): MeanAgainstPool {
  const physician = mean(own.filter((v) => v >= 0 && v < k));
  const poolMean = pool.count === 0 ? null : pool.sum / pool.count;
  return { physician, pool: poolMean, pool_n: pool.count, difference: physician === null || poolMean === null ? null : physician - poolMean };
}

/** The study's ratings and gold ratings, indexed once for every physician's drift. */
export interface DriftData {
  scales: DriftScales;
  byRater: Map<string, DriftRating[]>;
  goldByRater: Map<string, DriftGoldRating[]>;
  byAnswer: Map<string, DriftRating[]>;
  /** Every physician's ratings by time, for the pool's totals in a span. */
  all: TimeTotals;
  /** The earliest and latest time of any rating or gold rating; null when there is none. */
  span: { first: number; last: number } | null;
}

function groupBy<T>(records: readonly T[], key: (record: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const record of records) {
    const list = groups.get(key(record));
    if (list) list.push(record);
    else groups.set(key(record), [record]);
  }
  return groups;
}

export function driftData(ratings: readonly DriftRating[], gold: readonly DriftGoldRating[], scales: DriftScales): DriftData {
  let first = Infinity;
  let last = -Infinity;
  for (const { at } of [...ratings, ...gold]) {
    first = Math.min(first, at);
    last = Math.max(last, at);
  }
  return {
    scales,
    byRater: groupBy(ratings, (r) => r.rater),
    goldByRater: groupBy(gold, (g) => g.rater),
    byAnswer: groupBy(ratings, (r) => r.answer),
    all: timeTotals([...ratings].sort((a, b) => a.at - b.at), scales),
    span: first === Infinity ? null : { first, last },
  };
}

/**
 * One physician's figures per slice. Days and weeks (UTC) run from the
 * study's first rating to its last, so an empty slice is kept with n = 0 and
 * null figures; blocks are the physician's own ratings in the order given,
 * their spans contiguous from -∞ to +∞ (see `ratingBlocks`).
 * In a slice: co-rater agreement pairs each of the physician's ratings with
 * every other physician's rating of the same answer (given at any time);
 * gold agreement takes the physician's gold ratings given in the slice's time
 * span; the pool's mean is the other physicians' ratings given in that span.
 */
export function physicianDrift(data: DriftData, rater: string, slicing: DriftSlicing): DriftSlice[] {
  const scales = data.scales;
  const own = inOrderGiven(data.byRater.get(rater) ?? []);
  const ownTotals = timeTotals(own, scales);
  const gold = data.goldByRater.get(rater) ?? [];
  let windows: DriftWindow[];
  let ownBySlice: DriftRating[][];
  if (slicing.by === "ratings") {
    const blocks = ratingBlocks(own, slicing.size);
    windows = blocks.map((b) => b.window);
    ownBySlice = blocks.map((b) => b.ratings);
  } else {
    windows = data.span ? timeWindows(data.span.first, data.span.last, slicing.by) : [];
    ownBySlice = byWindow(own, windows);
  }
  const goldBySlice = byWindow(gold, windows);
  return windows.map((window, i) => {
    const mine = ownBySlice[i] ?? [];
    // The rest of the pool: every physician's scores in the span less this physician's own.
    const pool = (scale: DriftScale) => {
      const everyone = spanTotal(data.all, window, scale);
      const mine = spanTotal(ownTotals, window, scale);
      return { count: everyone.count - mine.count, sum: everyone.sum - mine.sum };
    };
    const golds = goldBySlice[i] ?? [];
    const coRated = mine.flatMap((r) => (data.byAnswer.get(r.answer) ?? []).filter((o) => o.rater !== rater).map((o) => [r, o] as const));
    const perScale = <F>(figure: (scale: DriftScale) => F) => Object.fromEntries(SCALES.map((s) => [s, figure(s)])) as Record<DriftScale, F>;
    return {
      label: window.label,
      from: Number.isFinite(window.from) ? new Date(window.from).toISOString() : null,
      to: Number.isFinite(window.to) ? new Date(window.to).toISOString() : null,
      to_included: window.toIncluded,
      n: mine.length,
      co_raters: perScale((s) => coRaterFigures(coRated.map(([r, o]) => [r[s], o[s]] as const), scales[s])),
      gold: perScale((s) => goldFigures(golds.map((g) => [g[s], g.gold[s]] as const), scales[s])),
      mean_oh: meanAgainstPool(mine.map((r) => r.omission_harm), pool("omission_harm"), scales.omission_harm),
      mean_ch: meanAgainstPool(mine.map((r) => r.commission_harm), pool("commission_harm"), scales.commission_harm),
    };
  });
}
