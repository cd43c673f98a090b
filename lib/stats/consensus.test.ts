import { describe, expect, it } from "vitest";
import { consensusOf, DEFAULT_RULE, medianHalfUp, needsAdjudication, sideCounts, sidedWith, summariseConsensus, type RatedScores } from "./consensus";

const r = (oh: number, ch = 0, actions: string[] = []): RatedScores => ({ oh, ch, actions });
const t2 = { threshold: 2, actions: false };

describe("needsAdjudication", () => {
  it("OH 0 and 3 differ by 3 ≥ 2: needs an adjudicator; OH 0 and 1 differ by 1 < 2: does not", () => {
    expect(needsAdjudication([r(0), r(3)], t2)).toBe(true);
    expect(needsAdjudication([r(0), r(1)], t2)).toBe(false);
  });

  it("the spread equal to t is enough, on OH or on CH alone", () => {
    expect(needsAdjudication([r(1), r(3)], t2)).toBe(true);
    expect(needsAdjudication([r(1, 0), r(1, 2)], t2)).toBe(true);
    expect(needsAdjudication([r(1, 0), r(2, 1)], t2)).toBe(false);
    expect(needsAdjudication([r(0), r(3)], { threshold: 4, actions: false })).toBe(false);
    expect(needsAdjudication([r(0), r(4)], { threshold: 4, actions: false })).toBe(true);
  });

  it("with k = 3 the spread is max − min over all three", () => {
    expect(needsAdjudication([r(1), r(2), r(3)], t2)).toBe(true);
    expect(needsAdjudication([r(1), r(2), r(2)], t2)).toBe(false);
  });

  it("hit against miss on one critical action counts only when the queue asks for it; partial against either does not", () => {
    const hitMiss = [r(1, 0, ["hit", "partial", "miss"]), r(1, 0, ["miss", "partial", "miss"])];
    expect(needsAdjudication(hitMiss, t2)).toBe(false);
    expect(needsAdjudication(hitMiss, { threshold: 2, actions: true })).toBe(true);
    const partial = [r(1, 0, ["hit", "partial"]), r(1, 0, ["partial", "miss"])];
    expect(needsAdjudication(partial, { threshold: 2, actions: true })).toBe(false);
  });

  it("a single rating never needs one", () => {
    expect(needsAdjudication([r(4, 3)], { threshold: 1, actions: true })).toBe(false);
  });
});

describe("medianHalfUp", () => {
  it("1, 2, 2 → 2; 1, 2 → 1.5 → 2; 0, 1 → 0.5 → 1; 2, 2 → 2; 0, 1, 3, 4 → 2; none → null", () => {
    expect(medianHalfUp([1, 2, 2])).toBe(2);
    expect(medianHalfUp([2, 1])).toBe(2);
    expect(medianHalfUp([0, 1])).toBe(1);
    expect(medianHalfUp([2, 2])).toBe(2);
    expect(medianHalfUp([4, 0, 3, 1])).toBe(2);
    expect(medianHalfUp([3, 0, 1])).toBe(1);
    expect(medianHalfUp([])).toBeNull();
  });
});

describe("consensusOf", () => {
  it("agreed: within t on both scales, the median of each rounded half up", () => {
    expect(consensusOf([r(1, 0), r(2, 1)], t2, null)).toEqual({ provenance: "agreed", omission_harm: 2, commission_harm: 1 });
    expect(consensusOf([r(1, 1), r(2, 0), r(2, 1)], t2, null)).toEqual({ provenance: "agreed", omission_harm: 2, commission_harm: 1 });
  });

  it("unresolved while a disagreement waits; adjudicated takes the adjudicator's scores", () => {
    expect(consensusOf([r(0), r(3)], t2, null)).toEqual({ provenance: "unresolved", omission_harm: null, commission_harm: null });
    expect(consensusOf([r(0), r(3)], t2, { oh: 1, ch: 2 })).toEqual({ provenance: "adjudicated", omission_harm: 1, commission_harm: 2 });
  });

  it("a queue without adjudication uses t = 2 and never adjudicates", () => {
    expect(consensusOf([r(0), r(1)], DEFAULT_RULE, null).provenance).toBe("agreed");
    expect(consensusOf([r(0), r(2)], DEFAULT_RULE, null).provenance).toBe("unresolved");
  });
});

describe("sidedWith and sideCounts", () => {
  it("names the rater whose score the adjudicator gave, neither, or no side when A and B agree on the scale", () => {
    expect(sidedWith(0, 3, 0)).toBe("rater_a");
    expect(sidedWith(0, 3, 3)).toBe("rater_b");
    expect(sidedWith(0, 3, 2)).toBe("neither");
    expect(sidedWith(1, 1, 1)).toBeNull();
    expect(sideCounts([
      { a: 0, b: 3, adjudicator: 0 },
      { a: 0, b: 3, adjudicator: 3 },
      { a: 4, b: 1, adjudicator: 4 },
      { a: 0, b: 3, adjudicator: 1 },
      { a: 2, b: 2, adjudicator: 0 },
    ])).toEqual({ n: 4, rater_a: 2, rater_b: 1, neither: 1 });
  });
});

describe("summariseConsensus", () => {
  it("counts provenance, the backlog only where adjudication is on, and sides per scale", () => {
    const summary = summariseConsensus([
      { provenance: "agreed", adjudication_on: true, ratings: [r(1), r(1)], adjudicator: null },
      { provenance: "unresolved", adjudication_on: true, ratings: [r(0), r(3)], adjudicator: null },
      { provenance: "unresolved", adjudication_on: false, ratings: [r(0), r(3)], adjudicator: null },
      // OH: sided with A (0); CH: A and B agree (1, 1), no side.
      { provenance: "adjudicated", adjudication_on: true, ratings: [r(0, 1), r(3, 1)], adjudicator: { oh: 0, ch: 2 } },
      // OH: neither (2 of 4, 0); CH: sided with B (3).
      { provenance: "adjudicated", adjudication_on: true, ratings: [r(4, 0), r(0, 3)], adjudicator: { oh: 2, ch: 3 } },
    ]);
    expect(summary).toEqual({
      answers: 5,
      agreed: 1,
      adjudicated: 2,
      backlog: 1,
      unresolved_without_adjudication: 1,
      sided_with: {
        omission_harm: { n: 2, rater_a: 1, rater_b: 0, neither: 1 },
        commission_harm: { n: 1, rater_a: 0, rater_b: 1, neither: 0 },
      },
    });
  });
});
