import { describe, expect, it } from "vitest";
import { driftData, periodStart, physicianDrift, ratingBlocks, timeWindowCount, timeWindows, type DriftGoldRating, type DriftRating, type DriftSlice } from "./drift";

const SCALES = { omission_harm: 5, commission_harm: 4 };
const at = (iso: string) => Date.parse(iso);
const rating = (rater: string, answer: string, when: string, oh: number, ch: number): DriftRating => ({
  rater,
  answer,
  at: at(when),
  omission_harm: oh,
  commission_harm: ch,
});

// Weeks begin on Monday (UTC): 2026-11-02 and 2026-11-09 are Mondays.
const RATINGS: DriftRating[] = [
  rating("A", "x2", "2026-11-02T00:00:00Z", 2, 1),
  rating("A", "x1", "2026-11-08T23:59:59Z", 0, 0),
  rating("B", "x1", "2026-11-03T10:00:00Z", 1, 0),
  rating("B", "x2", "2026-11-04T10:00:00Z", 2, 1),
  rating("A", "x3", "2026-11-09T00:00:00Z", 4, 3),
  rating("C", "x3", "2026-11-10T10:00:00Z", 0, 0),
  rating("B", "x3", "2026-11-10T11:00:00Z", 3, 2),
  // Nobody rates in the week of 2026-11-16.
  rating("B", "x4", "2026-11-23T09:00:00Z", 1, 1),
];
const GOLD: DriftGoldRating[] = [{ rater: "A", at: at("2026-11-10T12:00:00Z"), omission_harm: 2, commission_harm: 1, gold: { omission_harm: 2, commission_harm: 3 } }];

const EMPTY_CO = { n: 0, exact: null, within1: null, kappa_quadratic: null };
const EMPTY_GOLD = { n: 0, exact: null, within1: null };

function hasNaN(value: unknown): boolean {
  if (typeof value === "number") return Number.isNaN(value);
  if (value && typeof value === "object") return Object.values(value).some(hasNaN);
  return false;
}

describe("time slices", () => {
  it("starts a week on Monday 00:00 UTC, also from a Sunday late at night", () => {
    expect(new Date(periodStart(at("2026-11-08T23:59:59Z"), "week")).toISOString()).toBe("2026-11-02T00:00:00.000Z");
    expect(new Date(periodStart(at("2026-11-09T00:00:00Z"), "week")).toISOString()).toBe("2026-11-09T00:00:00.000Z");
    expect(new Date(periodStart(at("2026-11-04T17:30:00Z"), "day")).toISOString()).toBe("2026-11-04T00:00:00.000Z");
  });

  it("covers every day or week from the first to the last, empty ones included", () => {
    const weeks = timeWindows(at("2026-11-08T23:00:00Z"), at("2026-11-23T09:00:00Z"), "week");
    expect(weeks.map((w) => w.label)).toEqual(["Week of 2026-11-02", "Week of 2026-11-09", "Week of 2026-11-16", "Week of 2026-11-23"]);
    expect(weeks.every((w) => w.to - w.from === 7 * 86_400_000 && !w.toIncluded)).toBe(true);
    expect(timeWindowCount(at("2026-11-08T23:00:00Z"), at("2026-11-23T09:00:00Z"), "week")).toBe(4);
    const days = timeWindows(at("2026-11-08T23:00:00Z"), at("2026-11-09T00:00:00Z"), "day");
    expect(days.map((w) => w.label)).toEqual(["2026-11-08", "2026-11-09"]);
    expect(timeWindowCount(at("2026-11-08T23:00:00Z"), at("2026-11-09T00:00:00Z"), "day")).toBe(2);
  });
});

describe("blocks of ratings", () => {
  it("cuts blocks of N in the order given, the last one short, their spans contiguous from -∞ to +∞", () => {
    const ordered = [1, 2, 3, 4, 5].map((i) => ({ at: i * 1000 }));
    const blocks = ratingBlocks(ordered, 2);
    expect(blocks.map((b) => b.ratings.length)).toEqual([2, 2, 1]);
    expect(blocks.map((b) => b.window.label)).toEqual(["Ratings 1–2", "Ratings 3–4", "Ratings 5–5"]);
    // Block i runs from its first rating up to (not including) the next block's first rating.
    expect(blocks.map((b) => [b.window.from, b.window.to, b.window.toIncluded])).toEqual([
      [-Infinity, 3000, false],
      [3000, 5000, false],
      [5000, Infinity, false],
    ]);
  });

  it("a block whose ratings share their time with the next block's first keeps its ratings in an empty span", () => {
    const blocks = ratingBlocks([{ at: 1000 }, { at: 2000 }, { at: 2000 }], 1);
    expect(blocks.map((b) => [b.window.from, b.window.to])).toEqual([
      [-Infinity, 2000],
      [2000, 2000],
      [2000, Infinity],
    ]);
    expect(blocks.map((b) => b.ratings.length)).toEqual([1, 1, 1]);
  });

  it("refuses a block size below one", () => {
    expect(() => ratingBlocks([{ at: 1 }], 0)).toThrow(RangeError);
  });
});

describe("physicianDrift by week (worked by hand)", () => {
  const weeks = physicianDrift(driftData(RATINGS, GOLD, SCALES), "A", { by: "week" });

  it("gives every week of the study, the empty one too", () => {
    expect(weeks.map((w) => [w.label, w.n])).toEqual([
      ["Week of 2026-11-02", 2],
      ["Week of 2026-11-09", 1],
      ["Week of 2026-11-16", 0],
      ["Week of 2026-11-23", 0],
    ]);
    expect(weeks[0]).toMatchObject({ from: "2026-11-02T00:00:00.000Z", to: "2026-11-09T00:00:00.000Z", to_included: false });
  });

  it("week 1: the Sunday 23:59 rating counts in it; co-raters, gold and means", () => {
    const w = weeks[0] as DriftSlice;
    // OH pairs (0,1) and (2,2): p_o = (15/16 + 1)/2, p_e = (15/16 + 12/16 + 15/16 + 1)/4 = 58/64, κ = (62/64 − 58/64)/(6/64) = 2/3.
    expect(w.co_raters.omission_harm.n).toBe(2);
    expect(w.co_raters.omission_harm.exact).toBe(0.5);
    expect(w.co_raters.omission_harm.within1).toBe(1);
    expect(w.co_raters.omission_harm.kappa_quadratic).toBeCloseTo(2 / 3, 12);
    // CH pairs (0,0) and (1,1): perfect agreement over two categories.
    expect(w.co_raters.commission_harm).toMatchObject({ n: 2, exact: 1, within1: 1 });
    expect(w.co_raters.commission_harm.kappa_quadratic).toBeCloseTo(1, 12);
    expect(w.gold).toEqual({ omission_harm: EMPTY_GOLD, commission_harm: EMPTY_GOLD });
    // A: OH 2 and 0; the rest of the pool that week: B's 1 and 2.
    expect(w.mean_oh).toEqual({ physician: 1, pool: 1.5, pool_n: 2, difference: -0.5 });
    expect(w.mean_ch).toEqual({ physician: 0.5, pool: 0.5, pool_n: 2, difference: 0 });
  });

  it("week 2: the Monday 00:00 rating starts it; pairs with co-raters who rated later; gold", () => {
    const w = weeks[1] as DriftSlice;
    // OH pairs (4,0) with C and (4,3) with B: A's side is one category, so p_o = p_e = 15/32 and κ = 0.
    expect(w.co_raters.omission_harm).toEqual({ n: 2, exact: 0, within1: 0.5, kappa_quadratic: 0 });
    expect(w.co_raters.commission_harm).toEqual({ n: 2, exact: 0, within1: 0.5, kappa_quadratic: 0 });
    // Gold: OH 2 against 2, CH 1 against 3.
    expect(w.gold).toEqual({ omission_harm: { n: 1, exact: 1, within1: 1 }, commission_harm: { n: 1, exact: 0, within1: 0 } });
    expect(w.mean_oh).toEqual({ physician: 4, pool: 1.5, pool_n: 2, difference: 2.5 });
    expect(w.mean_ch).toEqual({ physician: 3, pool: 1, pool_n: 2, difference: 2 });
  });

  it("an empty slice gives n = 0 and nulls, never NaN; the pool's mean stands alone where only others rated", () => {
    const [, , empty, othersOnly] = weeks as [DriftSlice, DriftSlice, DriftSlice, DriftSlice];
    expect(empty).toMatchObject({
      n: 0,
      co_raters: { omission_harm: EMPTY_CO, commission_harm: EMPTY_CO },
      gold: { omission_harm: EMPTY_GOLD, commission_harm: EMPTY_GOLD },
      mean_oh: { physician: null, pool: null, pool_n: 0, difference: null },
      mean_ch: { physician: null, pool: null, pool_n: 0, difference: null },
    });
    expect(othersOnly.mean_oh).toEqual({ physician: null, pool: 1, pool_n: 1, difference: null });
    expect(hasNaN(weeks)).toBe(false);
  });
});

describe("physicianDrift by day and by blocks of ratings", () => {
  const data = driftData(RATINGS, GOLD, SCALES);

  it("by day: 22 days from 2 to 23 November, A's ratings on the days given", () => {
    const days = physicianDrift(data, "A", { by: "day" });
    expect(days).toHaveLength(22);
    expect(days.filter((d) => d.n > 0).map((d) => [d.label, d.n])).toEqual([
      ["2026-11-02", 1],
      ["2026-11-08", 1],
      ["2026-11-09", 1],
    ]);
    // On 3 November only B rated: the pool has a mean, A none.
    expect(days[1]?.mean_oh).toEqual({ physician: null, pool: 1, pool_n: 1, difference: null });
    expect(hasNaN(days)).toBe(false);
  });

  it("blocks of 2: the first equals week 1; the short last block runs on to +∞, with the pool and the gold rating after it", () => {
    const blocks = physicianDrift(data, "A", { by: "ratings", size: 2 });
    const weeks = physicianDrift(data, "A", { by: "week" });
    expect(blocks.map((b) => [b.label, b.n])).toEqual([
      ["Ratings 1–2", 2],
      ["Ratings 3–3", 1],
    ]);
    const [first, last] = blocks as [DriftSlice, DriftSlice];
    // Block 1 runs from -∞ to A's third rating (9 November 00:00): the study's first rating is A's, so it holds what week 1 holds.
    expect(first).toMatchObject({ from: null, to: "2026-11-09T00:00:00.000Z", to_included: false });
    expect({ ...first, label: "", from: "", to: "", to_included: false }).toEqual({ ...weeks[0], label: "", from: "", to: "", to_included: false });
    // Block 2 runs from 9 November 00:00 on: co-raters of its answer count whenever they rated; the pool is C's 0 and B's 3 and 1.
    expect(last).toMatchObject({ from: "2026-11-09T00:00:00.000Z", to: null, to_included: false });
    expect(last.co_raters.omission_harm).toEqual({ n: 2, exact: 0, within1: 0.5, kappa_quadratic: 0 });
    expect(last.mean_oh.physician).toBe(4);
    expect(last.mean_oh.pool).toBeCloseTo(4 / 3, 12);
    expect(last.mean_oh.pool_n).toBe(3);
    expect(last.mean_oh.difference).toBeCloseTo(8 / 3, 12);
    // The gold rating of 10 November, after A's last rating: OH 2 against 2, CH 1 against 3.
    expect(last.gold).toEqual({ omission_harm: { n: 1, exact: 1, within1: 1 }, commission_harm: { n: 1, exact: 0, within1: 0 } });
  });

  it("blocks of 2 (worked by hand): a gold or pool rating before, between or after the blocks falls in exactly one", () => {
    // On 5 November: A rates at 10, 11, 13 and 14 h; B (answers A never rates) at 9, 12, 13 and 20 h;
    // A's gold ratings at 8 h (before A's first rating), 12:30 (between the blocks) and 23 h (after A's last).
    const day = (hour: string) => `2026-11-05T${hour}:00Z`;
    const ratings = [
      rating("A", "a1", day("10:00"), 1, 0),
      rating("A", "a2", day("11:00"), 1, 0),
      rating("A", "a3", day("13:00"), 3, 2),
      rating("A", "a4", day("14:00"), 3, 2),
      rating("B", "b1", day("09:00"), 0, 0),
      rating("B", "b2", day("12:00"), 2, 1),
      rating("B", "b3", day("13:00"), 4, 3),
      rating("B", "b4", day("20:00"), 1, 0),
    ];
    const gold = (when: string, oh: number, ch: number, goldOh: number, goldCh: number): DriftGoldRating => ({
      rater: "A",
      at: at(day(when)),
      omission_harm: oh,
      commission_harm: ch,
      gold: { omission_harm: goldOh, commission_harm: goldCh },
    });
    const golds = [gold("08:00", 0, 0, 3, 0), gold("12:30", 2, 1, 2, 1), gold("23:00", 3, 2, 3, 0)];
    const [first, second, ...rest] = physicianDrift(driftData(ratings, golds, SCALES), "A", { by: "ratings", size: 2 });
    expect(rest).toEqual([]);
    // Block 1 is [-∞, 13:00): A's 10 and 11 h; gold 8 h and 12:30; B's 9 and 12 h.
    expect(first).toMatchObject({ label: "Ratings 1–2", n: 2, from: null, to: day("13:00").replace("Z", ".000Z"), to_included: false });
    // Gold OH pairs (0,3) and (2,2); CH pairs (0,0) and (1,1).
    expect(first?.gold).toEqual({ omission_harm: { n: 2, exact: 0.5, within1: 0.5 }, commission_harm: { n: 2, exact: 1, within1: 1 } });
    // A's OH 1, 1 against B's 0, 2; A's CH 0, 0 against B's 0, 1.
    expect(first?.mean_oh).toEqual({ physician: 1, pool: 1, pool_n: 2, difference: 0 });
    expect(first?.mean_ch).toEqual({ physician: 0, pool: 0.5, pool_n: 2, difference: -0.5 });
    // Block 2 is [13:00, +∞): A's 13 and 14 h; gold 23 h; B's 13 h (at its first rating) and 20 h.
    expect(second).toMatchObject({ label: "Ratings 3–4", n: 2, from: day("13:00").replace("Z", ".000Z"), to: null, to_included: false });
    // Gold OH (3,3), CH (2,0).
    expect(second?.gold).toEqual({ omission_harm: { n: 1, exact: 1, within1: 1 }, commission_harm: { n: 1, exact: 0, within1: 0 } });
    // A's OH 3, 3 against B's 4, 1; A's CH 2, 2 against B's 3, 0.
    expect(second?.mean_oh).toEqual({ physician: 3, pool: 2.5, pool_n: 2, difference: 0.5 });
    expect(second?.mean_ch).toEqual({ physician: 2, pool: 1.5, pool_n: 2, difference: 0.5 });
    // No co-rater: B never rates A's answers.
    expect(first?.co_raters.omission_harm).toEqual(EMPTY_CO);
  });

  it("a physician with one rating and no co-rater: one block, their mean, every agreement figure null", () => {
    const alone = driftData([rating("D", "y1", "2026-11-05T08:00:00Z", 3, 2)], [], SCALES);
    const [block, ...rest] = physicianDrift(alone, "D", { by: "ratings", size: 5 });
    expect(rest).toEqual([]);
    expect(block).toEqual({
      label: "Ratings 1–1",
      from: null,
      to: null,
      to_included: false,
      n: 1,
      co_raters: { omission_harm: EMPTY_CO, commission_harm: EMPTY_CO },
      gold: { omission_harm: EMPTY_GOLD, commission_harm: EMPTY_GOLD },
      mean_oh: { physician: 3, pool: null, pool_n: 0, difference: null },
      mean_ch: { physician: 2, pool: null, pool_n: 0, difference: null },
    });
    expect(physicianDrift(alone, "D", { by: "week" }).map((w) => [w.label, w.n])).toEqual([["Week of 2026-11-02", 1]]);
  });

  it("no rating at all: no slice", () => {
    const none = driftData([], [], SCALES);
    expect(physicianDrift(none, "A", { by: "week" })).toEqual([]);
    expect(physicianDrift(none, "A", { by: "ratings", size: 3 })).toEqual([]);
  });

  it("a score outside the scale (-1) is left out of pairs and means", () => {
    const withUnscored = driftData([rating("A", "z", "2026-11-02T01:00:00Z", -1, 1), rating("B", "z", "2026-11-02T02:00:00Z", 2, 1)], [], SCALES);
    const [day] = physicianDrift(withUnscored, "A", { by: "day" });
    expect(day?.co_raters.omission_harm.n).toBe(0);
    expect(day?.co_raters.commission_harm.n).toBe(1);
    expect(day?.mean_oh.physician).toBeNull();
    expect(day?.mean_ch).toEqual({ physician: 1, pool: 1, pool_n: 1, difference: 0 });
  });
});
