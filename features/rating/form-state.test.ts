import { describe, expect, it } from "vitest";
import { applyChange, changeForKey, draftFromRating, emptyDraft, focusKind, keyOutcome, missingFields, missingOf, toRatingBody, type DraftChange, type FocusKind } from "./form-state";

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
    // In the order the form draws them: the critical actions come first.
    expect(missingFields(emptyDraft(2))).toEqual(["2 critical actions", "omission harm", "commission harm", "response class", "omission mechanism", "reasoning"]);
    expect(changeForKey({ ...key("Digit1", "1"), ctrlKey: true })).toBeNull();
    expect(changeForKey(key("KeyZ", "z"))).toBeNull();
  });

  it("reopens a rating given earlier exactly as it was sent", () => {
    const body = { omission_harm: 3, commission_harm: 1, critical_action_results: ["miss", "partial", "hit"] as const, response_class: "generic_referral" as const, omission_mechanism: "safety_refusal" as const, reasoning: "Sends the user away." };
    const draft = draftFromRating({ ...body, critical_action_results: [...body.critical_action_results] });
    expect(missingFields(draft)).toEqual([]);
    expect(toRatingBody(draft)).toEqual(body);
  });

  it("takes the numpad's digits as the digit row's", () => {
    expect(run([changeForKey(key("Numpad3", "3"))]).omissionHarm).toBe(3);
    expect(run([changeForKey(key("Numpad2", "ArrowDown", true))]).commissionHarm).toBe(2);
    // Without NumLock (and without Shift) the numpad types arrows: ↓ selects the next action, no score moves.
    expect(changeForKey(key("Numpad2", "ArrowDown"))).toEqual({ type: "focusAction", delta: 1 });
    expect(keyOutcome(key("Numpad2", "ArrowDown"), "radio", true)).toEqual({ kind: "change", change: { type: "focusAction", delta: 1 } });
    expect(keyOutcome(key("Numpad3", "PageDown"), "other", true)).toEqual({ kind: "native" });
  });

  it("names each missing field with where to go: the first unmarked action", () => {
    const draft = run([changeForKey(key("Digit1", "1")), { type: "action", result: "hit", index: 0 }]);
    expect(missingOf(draft).map((m) => m.field)).toEqual(["actions", "commissionHarm", "responseClass", "omissionMechanism", "reasoning"]);
    expect(missingOf(draft).find((m) => m.field === "actions")).toEqual({ field: "actions", label: "2 critical actions", action: 1 });
  });

  it("selects an action by index within the list", () => {
    expect(run([{ type: "selectAction", index: 2 }]).focusedAction).toBe(2);
    expect(run([{ type: "selectAction", index: 7 }]).focusedAction).toBe(2);
  });
});

describe("the form's keys", () => {
  const press = (code: string, k: string, focus: FocusKind, shortcutsOn = true, extra: Partial<ReturnType<typeof key>> = {}) =>
    keyOutcome({ ...key(code, k), ...extra }, focus, shortcutsOn);

  it("tells text entry from the other controls", () => {
    expect(focusKind({ tagName: "TEXTAREA" })).toBe("text");
    expect(focusKind({ tagName: "INPUT", type: "text" })).toBe("text");
    expect(focusKind({ tagName: "INPUT", type: "radio" })).toBe("radio");
    expect(focusKind({ tagName: "INPUT", type: "checkbox" })).toBe("other");
    expect(focusKind({ tagName: "SELECT" })).toBe("select");
    expect(focusKind({ tagName: "BUTTON" })).toBe("other");
    expect(focusKind(null)).toBe("other");
  });

  it("never lets ↑/↓ move a score: on a focused score they select a critical action", () => {
    expect(press("ArrowDown", "ArrowDown", "radio")).toEqual({ kind: "change", change: { type: "focusAction", delta: 1 } });
    expect(press("ArrowUp", "ArrowUp", "radio")).toEqual({ kind: "change", change: { type: "focusAction", delta: -1 } });
    // ←/→ stay the radio group's own keys (the rater is in that group), also with shortcuts off.
    expect(press("ArrowRight", "ArrowRight", "radio")).toEqual({ kind: "native" });
    expect(press("ArrowDown", "ArrowDown", "radio", false)).toEqual({ kind: "change", change: { type: "focusAction", delta: 1 } });
  });

  it("keeps the shortcuts working wherever the focus is, except while typing", () => {
    for (const focus of ["radio", "select", "other"] as const) {
      expect(press("KeyH", "h", focus)).toEqual({ kind: "change", change: { type: "action", result: "hit" } });
      expect(press("Digit2", "2", focus)).toEqual({ kind: "change", change: { type: "omission", value: 2 } });
      expect(press("KeyB", "b", focus)).toEqual({ kind: "command", command: "codebook" });
      expect(press("KeyA", "a", focus)).toEqual({ kind: "command", command: "cannotAssess" });
    }
    expect(press("KeyA", "a", "text")).toEqual({ kind: "native" });
    expect(press("KeyH", "h", "text")).toEqual({ kind: "native" });
    expect(press("Digit2", "2", "text")).toEqual({ kind: "native" });
    expect(press("Escape", "Escape", "text")).toEqual({ kind: "leave" });
    expect(press("Escape", "Escape", "radio")).toEqual({ kind: "leave" });
    // A select the rater moved to keeps its arrows.
    expect(press("ArrowDown", "ArrowDown", "select")).toEqual({ kind: "native" });
    expect(press("Slash", "?", "other", true, { shiftKey: true })).toEqual({ kind: "command", command: "help" });
    expect(press("Enter", "Enter", "other")).toEqual({ kind: "native" });
    expect(press("Space", " ", "radio")).toEqual({ kind: "native" });
  });

  it("with shortcuts off, single characters do nothing and Ctrl+Enter still submits", () => {
    for (const [code, k] of [["Digit2", "2"], ["Numpad1", "1"], ["KeyH", "h"], ["KeyS", "s"], ["KeyA", "a"], ["Slash", "?"], ["KeyB", "b"]]) {
      expect(press(code ?? "", k ?? "", "other", false)).toEqual({ kind: "native" });
    }
    expect(press("Enter", "Enter", "other", false, { ctrlKey: true })).toEqual({ kind: "submit" });
    expect(press("Enter", "Enter", "text", false, { metaKey: true })).toEqual({ kind: "submit" });
  });
});
