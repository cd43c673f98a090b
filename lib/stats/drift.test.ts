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
  it("cuts blocks of N in the order given, the last one short, each spanning its first to its last rating", () => {
    const ordered = [1, 2, 3, 4, 5].map((i) => ({ at: i * 1000 }));
    const blocks = ratingBlocks(ordered, 2);
    expect(blocks.map((b) => b.ratings.length)).toEqual([2, 2, 1]);
    expect(blocks.map((b) => b.window.label)).toEqual(["Ratings 1–2", "Ratings 3–4", "Ratings 5–5"]);
    expect(blocks.map((b) => [b.window.from, b.window.to, b.window.toIncluded])).toEqual([
      [1000, 2000, true],
      [3000, 4000, true],
      [5000, 5000, true],
    ]);
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

  it("blocks of 2: the first equals week 1; the short last block holds one rating, and only what falls in its span", () => {
    const blocks = physicianDrift(data, "A", { by: "ratings", size: 2 });
    const weeks = physicianDrift(data, "A", { by: "week" });
    expect(blocks.map((b) => [b.label, b.n])).toEqual([
      ["Ratings 1–2", 2],
      ["Ratings 3–3", 1],
    ]);
    const [first, last] = blocks as [DriftSlice, DriftSlice];
    expect(first).toMatchObject({ from: "2026-11-02T00:00:00.000Z", to: "2026-11-08T23:59:59.000Z", to_included: true });
    expect({ ...first, label: "", from: "", to: "", to_included: false }).toEqual({ ...weeks[0], label: "", from: "", to: "", to_included: false });
    // Block 2 spans 9 November 00:00 alone: co-raters of its answer count whenever they rated; the pool and the gold rating (later) do not.
    expect(last.co_raters.omission_harm).toEqual({ n: 2, exact: 0, within1: 0.5, kappa_quadratic: 0 });
    expect(last.mean_oh).toEqual({ physician: 4, pool: null, pool_n: 0, difference: null });
    expect(last.gold.omission_harm).toEqual(EMPTY_GOLD);
  });

  it("a physician with one rating and no co-rater: one block, their mean, every agreement figure null", () => {
    const alone = driftData([rating("D", "y1", "2026-11-05T08:00:00Z", 3, 2)], [], SCALES);
    const [block, ...rest] = physicianDrift(alone, "D", { by: "ratings", size: 5 });
    expect(rest).toEqual([]);
    expect(block).toEqual({
      label: "Ratings 1–1",
      from: "2026-11-05T08:00:00.000Z",
      to: "2026-11-05T08:00:00.000Z",
      to_included: true,
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
