import { describe, expect, it } from "vitest";
import { leftOfText, progressText } from "./progress-text";

describe("progressText", () => {
  it("counts a skip as done for the rater: nothing left once every answer is rated or skipped", () => {
    expect(progressText({ rated: 24, skipped: 1, holding: 0, left: 0, items: 25 })).toBe("24 rated, 1 skipped · nothing left for you · 25 answers in the queue");
  });

  it("says how many are left, the rater's own hold included, and one answer in the singular", () => {
    expect(progressText({ rated: 0, skipped: 0, holding: 1, left: 1, items: 1 })).toBe("0 rated, 0 skipped · 1 left for you · 1 answer in the queue");
  });

  it("gives the workspace what is left out of the queue's answers, the one on screen included", () => {
    expect(leftOfText({ left: 7, items: 25 })).toBe("7 of 25 left for you");
    expect(leftOfText({ left: 0, items: 25 })).toBe("nothing left for you");
  });

  it("says nothing of what is left in a queue mixing in quality items, whose count would give those items away", () => {
    expect(progressText({ rated: 5, skipped: 0, holding: 1, left: null, items: 25 })).toBe("5 rated, 0 skipped · 25 answers in the queue");
    expect(leftOfText({ left: null, items: 25 })).toBeUndefined();
  });
});
