import { describe, expect, it } from "vitest";
import { addCells, emptyMatrix } from "@/lib/stats/agreement";
import { cumulativeAgreement, scaleMatrices } from "./tables";

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
    expect(points[0]).toEqual({ n: 1, until: "2026-01-01T10:00:00.000Z", kappa_quadratic: null, within1: 1 });
    // cohen_kappa_score([0,1,2,3,4], [0,2,2,1,4], labels=range(5), weights="quadratic")
    expect(points[2]?.kappa_quadratic).toBeCloseTo(0.736842105263158, 12);
    expect(points[2]?.within1).toBeCloseTo(0.8, 12);
  });
});
