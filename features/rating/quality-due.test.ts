import { describe, expect, it } from "vitest";
import { goldDue, retestDue } from "./quality-due";

describe("goldDue", () => {
  it("is never due without a rate", () => {
    expect(goldDue(null, 100, 0)).toBe(false);
  });
  it("at rate 0.25: not on the first item, then one gold item in every four shown", () => {
    // floor(0.25 × (rated + gold + 1)): 0 until rated = 3, then 1 → due until one is given.
    expect(goldDue(0.25, 0, 0)).toBe(false);
    expect(goldDue(0.25, 2, 0)).toBe(false);
    expect(goldDue(0.25, 3, 0)).toBe(true);
    expect(goldDue(0.25, 3, 1)).toBe(false);
    // 6 rated + 1 gold + 1 = 8 → floor(2) = 2 > 1: the second one is due.
    expect(goldDue(0.25, 6, 1)).toBe(true);
    expect(goldDue(0.25, 5, 1)).toBe(false);
  });
  it("at rate 0.1, decimal products that land on a whole number count (0.1 × 10 = 1)", () => {
    expect(goldDue(0.1, 9, 0)).toBe(true);
    expect(goldDue(0.1, 8, 0)).toBe(false);
  });
  it("at rate 1 every claim after a gold one is gold again", () => {
    expect(goldDue(1, 0, 0)).toBe(true);
    expect(goldDue(1, 0, 5)).toBe(true);
  });
});

describe("retestDue", () => {
  it("is never due without a share", () => {
    expect(retestDue(null, 100, 0)).toBe(false);
  });
  it("at share 0.05: the first retest after 20 ratings, the second after 40", () => {
    expect(retestDue(0.05, 19, 0)).toBe(false);
    expect(retestDue(0.05, 20, 0)).toBe(true);
    expect(retestDue(0.05, 39, 1)).toBe(false);
    expect(retestDue(0.05, 40, 1)).toBe(true);
  });
  it("at share 0.3, 0.3 × 10 counts as 3", () => {
    expect(retestDue(0.3, 10, 2)).toBe(true);
    expect(retestDue(0.3, 10, 3)).toBe(false);
  });
});
