import { describe, expect, it } from "vitest";
import { applyChange, changeForKey, draftFromRating, emptyDraft, missingFields, toRatingBody, type DraftChange } from "./form-state";

const key = (code: string, k: string, shiftKey = false) => ({ code, key: k, shiftKey, ctrlKey: false, metaKey: false, altKey: false });
const run = (changes: (DraftChange | null)[], actions = 3) =>
  changes.reduce((d, c) => (c ? applyChange(d, c) : d), emptyDraft(actions));

describe("the rating form", () => {
  it("is filled from the keyboard alone", () => {
    const draft = run([
      changeForKey(key("Digit2", "2")),
      changeForKey(key("Digit1", "!", true)),
      changeForKey(key("KeyH", "h")),
      changeForKey(key("KeyP", "p")),
      changeForKey(key("KeyM", "m")),
      { type: "responseClass", value: "substantive" },
      { type: "mechanism", value: "hedging" },
      { type: "reasoning", value: "  Misses the last action.  " },
    ]);
    expect(missingFields(draft)).toEqual([]);
    expect(toRatingBody(draft)).toEqual({
      omission_harm: 2,
      commission_harm: 1,
      critical_action_results: ["hit", "partial", "miss"],
      response_class: "substantive",
      omission_mechanism: "hedging",
      reasoning: "Misses the last action.",
    });
  });

  it("keeps scores within their scales and the selection within the actions", () => {
    const draft = run([changeForKey(key("Digit7", "7")), changeForKey(key("Digit4", "$", true)), { type: "focusAction", delta: 9 }]);
    expect(draft.omissionHarm).toBeNull();
    expect(draft.commissionHarm).toBeNull();
    expect(draft.focusedAction).toBe(2);
    expect(run([changeForKey(key("ArrowUp", "ArrowUp"))]).focusedAction).toBe(0);
  });

  it("lets a click mark any action without moving the selection", () => {
    const draft = run([{ type: "action", result: "miss", index: 2 }]);
    expect(draft.actions).toEqual([null, null, "miss"]);
    expect(draft.focusedAction).toBe(0);
  });

  it("says what is missing, and ignores keys with modifiers", () => {
    expect(missingFields(emptyDraft(2))).toEqual(["omission harm", "commission harm", "2 critical actions", "response class", "omission mechanism", "reasoning"]);
    expect(changeForKey({ ...key("Digit1", "1"), ctrlKey: true })).toBeNull();
    expect(changeForKey(key("KeyZ", "z"))).toBeNull();
  });

  it("reopens a rating given earlier exactly as it was sent", () => {
    const body = { omission_harm: 3, commission_harm: 1, critical_action_results: ["miss", "partial", "hit"] as const, response_class: "generic_referral" as const, omission_mechanism: "safety_refusal" as const, reasoning: "Sends the user away." };
    const draft = draftFromRating({ ...body, critical_action_results: [...body.critical_action_results] });
    expect(missingFields(draft)).toEqual([]);
    expect(toRatingBody(draft)).toEqual(body);
  });
});
