import { describe, expect, it } from "vitest";
import { pairFigures } from "./precision";
import { memoized } from "./memo";
import { addCells, emptyMatrix } from "@/lib/stats/agreement";

describe("memoized", () => {
  it("computes once per key, gives equal results, and a copy each caller may change", () => {
    let calls = 0;
    const figures = memoized((n: number) => (calls++, { n, list: [n] }), (n) => String(n));
    const first = figures(1);
    first.list.push(99);
    expect(figures(1)).toEqual({ n: 1, list: [1] });
    expect(calls).toBe(1);
    expect(figures(2)).toEqual({ n: 2, list: [2] });
    expect(calls).toBe(2);
  });

  it("forgets the least recently used key beyond its size", () => {
    let calls = 0;
    const square = memoized((n: number) => (calls++, n * n), (n) => String(n), 2);
    square(1);
    square(2);
    square(1); // 2 is now the least recently used
    square(3);
    expect(calls).toBe(3);
    square(1);
    expect(calls).toBe(3);
    square(2);
    expect(calls).toBe(4);
  });

  it("gives a table's figures (seeded bootstrap intervals) equal to computing them afresh", () => {
    const matrix = addCells(emptyMatrix(5), [{ a: 0, b: 0, count: 30 }, { a: 1, b: 2, count: 12 }, { a: 3, b: 3, count: 25 }, { a: 4, b: 3, count: 6 }]);
    const cached = memoized(pairFigures, (m) => JSON.stringify(m));
    expect(cached(matrix)).toEqual(pairFigures(matrix));
    expect(cached(matrix)).toEqual(pairFigures(matrix));
  });
});
