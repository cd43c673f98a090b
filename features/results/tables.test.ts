import { describe, expect, it } from "vitest";
import { addCells, emptyMatrix } from "@/lib/stats/agreement";
import { bootstrapIntervals } from "@/lib/stats/bootstrap";
import { cohenKappa } from "@/lib/stats/agreement";
import { MIN_PAIRS_FOR_INTERVAL } from "./precision";
import { BAND_EVERY, BUCKET_MINUTES, cumulativeAgreement, judgeFigures, judgeMissRate, MAX_BUCKETS, missRate, OVER_TIME_POINTS, OVER_TIME_RESAMPLES, scaleMatrices, timeSlices, timeSlicing } from "./tables";

describe("results tables", () => {
  it("leaves a pair with -1 out of a scale's table, but keeps its other scale", () => {
    const m = scaleMatrices([
      { oh_a: 2, oh_b: -1, ch_a: 1, ch_b: 1, count: 3 },
      { oh_a: 0, oh_b: 4, ch_a: 0, ch_b: 3, count: 1 },
    ]);
    expect(m.omission_harm.flat().reduce((a, b) => a + b, 0)).toBe(1);
    expect(m.omission_harm[0]?.[4]).toBe(1);
    expect(m.commission_harm[1]?.[1]).toBe(3);
    expect(addCells(emptyMatrix(3), [{ a: -1, b: 0, count: 5 }, { a: 0, b: 7, count: 5 }]).flat()).toEqual(new Array(9).fill(0));
  });

  it("accumulates agreement slice by slice: undefined (null) while chance agreement is 1, then scikit-learn's value", () => {
    const slices = [
      { until: new Date("2026-01-01T10:00:00Z"), cells: [{ a: 0, b: 0, count: 1 }] },
      { until: new Date("2026-01-01T11:00:00Z"), cells: [{ a: 1, b: 2, count: 1 }, { a: 2, b: 2, count: 1 }] },
      { until: new Date("2026-01-01T12:00:00Z"), cells: [{ a: 3, b: 1, count: 1 }, { a: 4, b: 4, count: 1 }, { a: 4, b: -1, count: 1 }] },
    ];
    const points = cumulativeAgreement(slices, 5);
    expect(points.map((p) => p.n)).toEqual([1, 3, 5]);
    expect(points[0]).toEqual({ n: 1, until: "2026-01-01T10:00:00.000Z", kappa_quadratic: null, kappa_quadratic_ci95: null, within1: 1 });
    // cohen_kappa_score([0,1,2,3,4], [0,2,2,1,4], labels=range(5), weights="quadratic")
    expect(points[2]?.kappa_quadratic).toBeCloseTo(0.736842105263158, 12);
    expect(points[2]?.within1).toBeCloseTo(0.8, 12);
  });

  it("bands κ quadratic over time from the minimum number of pairs on, at every few points and the last (every point of a short chart), with the seeded bootstrap of the whole so far", () => {
    const pair = (a: number, b: number, count: number) => ({ a, b, count });
    const slices = [
      { until: new Date("2026-01-01T10:00:00Z"), cells: [pair(0, 0, 3), pair(1, 2, 2), pair(3, 3, 2)] },
      { until: new Date("2026-01-01T11:00:00Z"), cells: [pair(2, 2, 2), pair(4, 3, 1), pair(0, 1, 2)] },
    ];
    const [early, late] = cumulativeAgreement(slices, 5);
    expect(early?.n).toBe(MIN_PAIRS_FOR_INTERVAL - 3);
    expect(early?.kappa_quadratic_ci95).toBeNull();
    const whole = addCells(emptyMatrix(5), slices.flatMap((s) => s.cells));
    const expected = bootstrapIntervals(whole, { k: (m) => cohenKappa(m, "quadratic") }, { resamples: OVER_TIME_RESAMPLES }).k;
    expect(late?.kappa_quadratic_ci95).toEqual(expected);
    expect(late?.kappa_quadratic_ci95?.[0]).toBeLessThanOrEqual(late?.kappa_quadratic ?? Number.NaN);
    expect(late?.kappa_quadratic_ci95?.[1]).toBeGreaterThanOrEqual(late?.kappa_quadratic ?? Number.NaN);
    // Many slices of 12 pairs each: a band on every BAND_EVERY-th point and on the last only.
    const many = cumulativeAgreement(Array.from({ length: 2 * BAND_EVERY + 1 }, (_, i) => ({ until: new Date(Date.UTC(2026, 0, 1, i)), cells: slices[i % 2]?.cells ?? [] })), 5);
    expect(many.map((p) => p.kappa_quadratic_ci95 !== null)).toEqual(many.map((_, i) => (i + 1) % BAND_EVERY === 0 || i === many.length - 1));
    // A short chart (a study of an afternoon, a point per 10 minutes): a band at every point from the minimum number of pairs on.
    const few = cumulativeAgreement(Array.from({ length: OVER_TIME_POINTS / BAND_EVERY }, (_, i) => ({ until: new Date(Date.UTC(2026, 0, 1, i)), cells: slices[i % 2]?.cells ?? [] })), 5);
    expect(few.map((p) => p.kappa_quadratic_ci95 !== null)).toEqual(few.map((p) => p.n >= MIN_PAIRS_FOR_INTERVAL));
    expect(few.filter((p) => p.kappa_quadratic_ci95 !== null).length).toBe(few.length - 1);
  });
});

describe("judge miss rate", () => {
  // Physician (rows) against machine (columns): the physician gave OH ≥ 1 on 2 + 3 + 1 = 6 pairs; the machine gave 0 on 2 of them.
  const physicianFirst = [
    [4, 1, 0, 0, 0],
    [1, 1, 0, 0, 0],
    [1, 0, 2, 0, 0],
    [0, 0, 0, 1, 0],
    [0, 0, 0, 0, 0],
  ];
  const machineFirst = physicianFirst.map((row, i) => row.map((_, j) => physicianFirst[j]?.[i] ?? 0));

  it("takes the machine as the judge whichever side it is on", () => {
    expect(missRate(physicianFirst)).toBeCloseTo(2 / 6, 12);
    expect(judgeMissRate(physicianFirst, { a: "physician", b: "machine" })).toEqual({ judge: "b", rate: missRate(physicianFirst) });
    expect(judgeMissRate(machineFirst, { a: "machine", b: "physician" })).toEqual({ judge: "a", rate: missRate(physicianFirst) });
    // Read the other way round, the same table gives another figure: which is why the side matters.
    expect(missRate(machineFirst)).not.toBeCloseTo(2 / 6, 6);
  });

  it("has none between two physicians or two machines, and names the machine otherwise", () => {
    expect(judgeMissRate(physicianFirst, { a: "physician", b: "physician" })).toBeUndefined();
    expect(judgeMissRate(physicianFirst, { a: "machine", b: "machine" })).toBeUndefined();
    expect(judgeFigures(physicianFirst, { name: "Dr A", kind: "physician" }, { name: "Dr B", kind: "physician" })).toEqual({});
    expect(judgeFigures(machineFirst, { name: "judge", kind: "machine" }, { name: "Dr A", kind: "physician" })).toEqual({ judge: "judge", judge_miss_rate: 2 / 6 });
  });

  it("is null when the physician never gave OH ≥ 1", () => {
    expect(judgeMissRate([[3, 1], [0, 0]], { a: "physician", b: "machine" })).toEqual({ judge: "b", rate: null });
  });

  it("cuts a span into whole buckets of the finest width with at most MAX_BUCKETS of them, merged into at most OVER_TIME_POINTS equal slices", () => {
    // Spans given in 10-minute buckets since the epoch.
    const tenMinutes = (days: number) => Math.round((days * 1440) / 10);
    const start = tenMinutes(20_000);
    // An afternoon (4 h = 24 buckets): one slice per 10 minutes.
    expect(timeSlicing(start, start + 23)).toEqual({ minutes: 10, first: start, width: 1 });
    // Within one bucket: one slice.
    expect(timeSlicing(start, start)).toEqual({ minutes: 10, first: start, width: 1 });
    // A week is more than MAX_BUCKETS 10-minute buckets: hours, 168 of them, 5 a slice.
    const week = timeSlicing(start, start + tenMinutes(7) - 1);
    expect(tenMinutes(7)).toBeGreaterThan(MAX_BUCKETS);
    expect(week).toEqual({ minutes: 60, first: start / 6, width: Math.ceil(168 / OVER_TIME_POINTS) });
    // A year: days. Ten years: still days (the widest width), never more than OVER_TIME_POINTS slices.
    expect(timeSlicing(start, start + tenMinutes(365) - 1)).toEqual({ minutes: 1440, first: 20_000, width: Math.ceil(365 / OVER_TIME_POINTS) });
    const decade = timeSlicing(start, start + tenMinutes(3650) - 1);
    expect(decade.minutes).toBe(BUCKET_MINUTES.at(-1));
    expect(Math.ceil(3650 / decade.width)).toBeLessThanOrEqual(OVER_TIME_POINTS);
    // A span starting mid-hour: the first hour is the one it starts in.
    expect(timeSlicing(start + 5, start + 5 + tenMinutes(30)).first).toBe(Math.floor((start + 5) / 6));
  });

  it("gathers slice cells into slices in time order, each ending with its last bucket that has a pair", () => {
    const slicing = { minutes: 60, first: 100, width: 3 } as const;
    const slices = timeSlices(
      [
        { slice: 2, last: 106, scale: "omission_harm", a: 1, b: 1, count: 2 },
        { slice: 0, last: 100, scale: "omission_harm", a: 0, b: 1, count: 1 },
        { slice: 0, last: 101, scale: "commission_harm", a: 3, b: 3, count: 1 },
        { slice: 2, last: 106, scale: "commission_harm", a: 0, b: 0, count: 2 },
      ],
      slicing,
    );
    expect(slices).toEqual([
      { until: new Date(102 * 3_600_000), cells: { omission_harm: [{ a: 0, b: 1, count: 1 }], commission_harm: [{ a: 3, b: 3, count: 1 }] } },
      { until: new Date(107 * 3_600_000), cells: { omission_harm: [{ a: 1, b: 1, count: 2 }], commission_harm: [{ a: 0, b: 0, count: 2 }] } },
    ]);
  });
});
