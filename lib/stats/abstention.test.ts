import { describe, expect, it } from "vitest";
import { abstentionRate, abstentionRates } from "./abstention";

describe("abstentionRate", () => {
  it("is cannot-assess over ratings plus cannot-assess, with the counts", () => {
    // 9 ratings and 3 abstentions: 3 / 12 = 0.25.
    expect(abstentionRate({ ratings: 9, cannot_assess: 3 })).toEqual({ ratings: 9, cannot_assess: 3, n: 12, rate: 0.25 });
    expect(abstentionRate({ ratings: 0, cannot_assess: 2 })).toEqual({ ratings: 0, cannot_assess: 2, n: 2, rate: 1 });
    expect(abstentionRate({ ratings: 5, cannot_assess: 0 })).toEqual({ ratings: 5, cannot_assess: 0, n: 5, rate: 0 });
  });

  it("is null, never NaN, when nothing was given", () => {
    expect(abstentionRate({ ratings: 0, cannot_assess: 0 })).toEqual({ ratings: 0, cannot_assess: 0, n: 0, rate: null });
  });
});

describe("abstentionRates", () => {
  it("adds up the rows of each group, in the order the groups first appear", () => {
    const rows = [
      { group: "model-b", ratings: 3, cannot_assess: 0 },
      { group: "model-a", ratings: 2, cannot_assess: 1 },
      { group: "model-b", ratings: 0, cannot_assess: 1 },
      { group: "model-a", ratings: 4, cannot_assess: 1 },
      { group: "model-c", ratings: 0, cannot_assess: 0 },
    ];
    // model-b: 1 / (3 + 1) = 0.25; model-a: 2 / (6 + 2) = 0.25 as well; model-c: nothing given.
    expect(abstentionRates(rows)).toEqual([
      { group: "model-b", ratings: 3, cannot_assess: 1, n: 4, rate: 0.25 },
      { group: "model-a", ratings: 6, cannot_assess: 2, n: 8, rate: 0.25 },
      { group: "model-c", ratings: 0, cannot_assess: 0, n: 0, rate: null },
    ]);
  });

  it("gives nothing for no rows", () => {
    expect(abstentionRates([])).toEqual([]);
  });
});
