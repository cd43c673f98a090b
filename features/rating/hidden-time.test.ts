import { describe, expect, it } from "vitest";
import { hiddenAt, hiddenSeconds, NOT_HIDDEN, parseHiddenTime, visibleAt } from "./hidden-time";

describe("hidden time", () => {
  it("adds up each stretch the tab was hidden", () => {
    let state = hiddenAt(NOT_HIDDEN, 10_000);
    state = visibleAt(state, 40_000);
    state = hiddenAt(state, 100_000);
    state = hiddenAt(state, 105_000); // hidden again while hidden: the stretch started at 100 s
    state = visibleAt(state, 115_000);
    expect(state).toEqual({ seconds: 45, since: null });
    // Visible again while visible changes nothing.
    expect(visibleAt(state, 200_000)).toEqual(state);
  });

  it("counts an open hidden stretch up to now", () => {
    const state = hiddenAt({ seconds: 12, since: null }, 50_000);
    expect(hiddenSeconds(state, 53_500)).toBe(15.5);
    expect(hiddenSeconds(NOT_HIDDEN, 53_500)).toBe(0);
  });

  it("reads a stored state back, and a broken one as nothing hidden", () => {
    expect(parseHiddenTime(JSON.stringify({ seconds: 30, since: 1000 }))).toEqual({ seconds: 30, since: 1000 });
    expect(parseHiddenTime("{not json")).toEqual(NOT_HIDDEN);
    expect(parseHiddenTime(null)).toEqual(NOT_HIDDEN);
    expect(parseHiddenTime(JSON.stringify({ seconds: -4, since: "x" }))).toEqual(NOT_HIDDEN);
  });
});
