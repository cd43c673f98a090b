import { describe, expect, it } from "vitest";
import { draftDiffers, editStart } from "./edit-draft";
import { draftFromRating } from "./form-state";

const saved = draftFromRating({
  omission_harm: 4,
  commission_harm: 1,
  critical_action_results: ["hit", "miss"],
  response_class: "substantive",
  omission_mechanism: "hedging",
  reasoning: "Misses the dose.",
});

describe("draftDiffers", () => {
  it("sees a change in any value, and not in which action is selected", () => {
    expect(draftDiffers(saved, { ...saved, focusedAction: 1 })).toBe(false);
    expect(draftDiffers(saved, { ...saved, omissionHarm: 0 })).toBe(true);
    expect(draftDiffers(saved, { ...saved, commissionHarm: 0 })).toBe(true);
    expect(draftDiffers(saved, { ...saved, actions: ["hit", "partial"] })).toBe(true);
    expect(draftDiffers(saved, { ...saved, responseClass: "hard_refusal" })).toBe(true);
    expect(draftDiffers(saved, { ...saved, omissionMechanism: "none" })).toBe(true);
    expect(draftDiffers(saved, { ...saved, reasoning: "Other." })).toBe(true);
  });
});

describe("editStart", () => {
  it("starts from the saved rating and offers a differing leftover draft, never applying it", () => {
    const leftover = { ...saved, omissionHarm: 0 };
    expect(editStart(saved, leftover)).toEqual({ draft: saved, offer: leftover });
  });

  it("offers nothing when there is no draft, or it holds the saved values, or it has another number of actions", () => {
    expect(editStart(saved, null)).toEqual({ draft: saved, offer: null });
    expect(editStart(saved, { ...saved, focusedAction: 1 })).toEqual({ draft: saved, offer: null });
    expect(editStart(saved, { ...saved, omissionHarm: 0, actions: ["hit"] })).toEqual({ draft: saved, offer: null });
  });
});
