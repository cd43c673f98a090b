import { describe, expect, it } from "vitest";
import { activeSeconds } from "./active-time";

describe("activeSeconds", () => {
  it("takes the hidden time off the time from claim to submission, rounded to whole seconds", () => {
    // 600 s held, 150 s of it hidden: 450 s active.
    expect(activeSeconds(600, 150)).toBe(450);
    // 90.4 − 30 = 60.4 → 60; 90.6 − 30 = 60.6 → 61.
    expect(activeSeconds(90.4, 30)).toBe(60);
    expect(activeSeconds(90.6, 30)).toBe(61);
  });

  it("counts the whole elapsed time when no hidden time is sent", () => {
    expect(activeSeconds(42.2, undefined)).toBe(42);
    expect(activeSeconds(42.2, 0)).toBe(42);
  });

  it("clamps the hidden time to [0, elapsed]: never negative, never more than the wall clock", () => {
    expect(activeSeconds(100, 250)).toBe(0);
    expect(activeSeconds(100, -40)).toBe(100);
    expect(activeSeconds(100, Number.NaN)).toBe(100);
  });

  it("never goes below 0, even for a claim stamped after the submission (clock skew)", () => {
    expect(activeSeconds(-3, 0)).toBe(0);
    expect(activeSeconds(-3, 10)).toBe(0);
  });
});
