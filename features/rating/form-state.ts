// The rating form as pure state and transitions, driven by clicks and keys alike.
import type { CriticalActionResult, OmissionMechanism, ResponseClass } from "@/lib/db/generated/enums";

export interface RatingDraft {
  omissionHarm: number | null;
  commissionHarm: number | null;
  actions: (CriticalActionResult | null)[];
  focusedAction: number;
  responseClass: ResponseClass | "";
  omissionMechanism: OmissionMechanism | "";
  reasoning: string;
}

export const emptyDraft = (actionCount: number): RatingDraft => ({
  omissionHarm: null,
  commissionHarm: null,
  actions: Array.from({ length: actionCount }, () => null),
  focusedAction: 0,
  responseClass: "",
  omissionMechanism: "",
  reasoning: "",
});

export type DraftChange =
  | { type: "omission"; value: number }
  | { type: "commission"; value: number }
  | { type: "action"; result: CriticalActionResult; index?: number }
  | { type: "focusAction"; delta: number }
  | { type: "selectAction"; index: number }
  | { type: "responseClass"; value: ResponseClass | "" }
  | { type: "mechanism"; value: OmissionMechanism | "" }
  | { type: "reasoning"; value: string }
  | { type: "reset"; draft: RatingDraft };

export function applyChange(draft: RatingDraft, change: DraftChange): RatingDraft {
  const last = Math.max(0, draft.actions.length - 1);
  switch (change.type) {
    case "omission":
      return change.value >= 0 && change.value <= 4 ? { ...draft, omissionHarm: change.value } : draft;
    case "commission":
      return change.value >= 0 && change.value <= 3 ? { ...draft, commissionHarm: change.value } : draft;
    case "action": {
      const index = change.index ?? draft.focusedAction;
      const actions = draft.actions.map((r, i) => (i === index ? change.result : r));
      // Marking the focused action by key moves on to the next one.
      const focusedAction = change.index === undefined ? Math.min(last, index + 1) : draft.focusedAction;
      return { ...draft, actions, focusedAction };
    }
    case "focusAction":
      return { ...draft, focusedAction: Math.min(last, Math.max(0, draft.focusedAction + change.delta)) };
    case "selectAction":
      return { ...draft, focusedAction: Math.min(last, Math.max(0, change.index)) };
    case "responseClass":
      return { ...draft, responseClass: change.value };
    case "mechanism":
      return { ...draft, omissionMechanism: change.value };
    case "reasoning":
      return { ...draft, reasoning: change.value };
    case "reset":
      return change.draft;
  }
}

/** A field of the form still to be filled; `action` is the first critical action left unmarked. */
export type MissingField =
  | { field: "omissionHarm" | "commissionHarm" | "responseClass" | "omissionMechanism" | "reasoning"; label: string }
  | { field: "actions"; label: string; action: number };

/**
 * What is still missing before the rating can be submitted, in the order the
 * form draws its fields (critical actions, omission harm, commission harm,
 * response class, omission mechanism, reasoning), so the first is the one
 * highest on screen (empty when complete).
 */
export function missingOf(draft: RatingDraft): MissingField[] {
  const missing: MissingField[] = [];
  const open = draft.actions.filter((a) => a === null).length;
  if (open > 0) missing.push({ field: "actions", label: `${open} critical action${open === 1 ? "" : "s"}`, action: draft.actions.indexOf(null) });
  if (draft.omissionHarm === null) missing.push({ field: "omissionHarm", label: "omission harm" });
  if (draft.commissionHarm === null) missing.push({ field: "commissionHarm", label: "commission harm" });
  if (!draft.responseClass) missing.push({ field: "responseClass", label: "response class" });
  if (!draft.omissionMechanism) missing.push({ field: "omissionMechanism", label: "omission mechanism" });
  if (!draft.reasoning.trim()) missing.push({ field: "reasoning", label: "reasoning" });
  return missing;
}

/** What is still missing, in words. */
export const missingFields = (draft: RatingDraft): string[] => missingOf(draft).map((m) => m.label);

/** The form filled with a rating given earlier, to edit it. */
export function draftFromRating(rating: ReturnType<typeof toRatingBody>): RatingDraft {
  return {
    omissionHarm: rating.omission_harm,
    commissionHarm: rating.commission_harm,
    actions: [...rating.critical_action_results],
    focusedAction: 0,
    responseClass: rating.response_class,
    omissionMechanism: rating.omission_mechanism,
    reasoning: rating.reasoning,
  };
}

/** The body of POST /api/v1/assignments/{id}/rating. */
export function toRatingBody(draft: RatingDraft) {
  return {
    omission_harm: draft.omissionHarm,
    commission_harm: draft.commissionHarm,
    critical_action_results: draft.actions,
    response_class: draft.responseClass,
    omission_mechanism: draft.omissionMechanism,
    reasoning: draft.reasoning.trim(),
  };
}

/** A key as the form sees it. */
export interface KeyPress {
  code: string;
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/**
 * The score keys: 0–4 omission harm, Shift+0–3 commission harm (the digit row
 * or the numpad), h/p/m marks the selected critical action (then selects the
 * next), j/k or ↓/↑ move the selection. Keys with Ctrl, Alt or Meta are not
 * the form's.
 */
export function changeForKey(key: KeyPress): DraftChange | null {
  if (key.ctrlKey || key.metaKey || key.altKey) return null;
  const digit = digitOf(key);
  if (digit !== null) return { type: key.shiftKey ? "commission" : "omission", value: digit };
  switch (key.key) {
    case "h":
      return { type: "action", result: "hit" };
    case "p":
      return { type: "action", result: "partial" };
    case "m":
      return { type: "action", result: "miss" };
    case "j":
    case "ArrowDown":
      return { type: "focusAction", delta: 1 };
    case "k":
    case "ArrowUp":
      return { type: "focusAction", delta: -1 };
    default:
      return null;
  }
}

/**
 * The digit a key stands for, by its place on the keyboard (Shift+2 is "@"
 * but still 2). A numpad key is a digit when it types one, or with Shift
 * (which turns a numpad digit into a navigation key on some systems);
 * without NumLock and without Shift it is the arrow or Home/End it types.
 */
export function digitOf(key: KeyPress): number | null {
  const row = /^Digit([0-9])$/.exec(key.code)?.[1];
  if (row !== undefined) return Number(row);
  const pad = /^Numpad([0-9])$/.exec(key.code)?.[1];
  return pad !== undefined && (/^[0-9]$/.test(key.key) || key.shiftKey) ? Number(pad) : null;
}

/** Where the focus is when a key is pressed. */
export type FocusKind = "text" | "select" | "radio" | "other";

/** The kind of control an element is: text entry (a textarea, a text-like input) keeps every plain key. */
export function focusKind(element: { tagName: string; type?: string; isContentEditable?: boolean } | null): FocusKind {
  if (!element) return "other";
  if (element.tagName === "TEXTAREA" || element.isContentEditable) return "text";
  if (element.tagName === "SELECT") return "select";
  if (element.tagName === "INPUT") {
    const type = (element.type ?? "text").toLowerCase();
    if (type === "radio") return "radio";
    return ["checkbox", "button", "submit", "reset", "range", "color", "file", "image"].includes(type) ? "other" : "text";
  }
  return "other";
}

/** A command the form runs for a single-character key. */
export type KeyCommand = "skip" | "cannotAssess" | "responseClass" | "mechanism" | "reasoning" | "gold" | "help" | "codebook";

const COMMANDS: Record<string, KeyCommand> = { s: "skip", a: "cannotAssess", c: "responseClass", x: "mechanism", r: "reasoning", g: "gold", "?": "help", b: "codebook" };

/** What a key does in the form: nothing (`native`: the browser's own behaviour), a change of the draft, a command, submit, or leave the field. */
export type KeyOutcome =
  | { kind: "native" }
  | { kind: "submit" }
  | { kind: "leave" }
  | { kind: "change"; change: DraftChange }
  | { kind: "command"; command: KeyCommand };

const ARROWS = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"];

/**
 * The one rule for the form's keys, wherever the focus is:
 * - Ctrl/⌘+Enter submits, always.
 * - While typing (the reasoning) every other key is the text's; Esc leaves the field.
 * - A select the rater moved to keeps its arrows, Enter and Space; other keys are shortcuts.
 * - ↑/↓ select a critical action, even on a focused score (a radio): an arrow
 *   never moves a score the rater did not aim at. ←/→ stay a radio group's own
 *   keys, so the scales can be used from the keyboard with shortcuts off.
 * - Single-character shortcuts (digits, letters, `?`) act only while shortcuts
 *   are on: the rater can turn them off, so speech input and stray keys do not
 *   trigger them.
 */
export function keyOutcome(key: KeyPress, focus: FocusKind, shortcutsOn: boolean): KeyOutcome {
  if (key.key === "Enter" && (key.ctrlKey || key.metaKey)) return { kind: "submit" };
  if (focus === "text") return key.key === "Escape" ? { kind: "leave" } : { kind: "native" };
  if (key.key === "Escape") return focus === "other" ? { kind: "native" } : { kind: "leave" };
  if (key.ctrlKey || key.metaKey || key.altKey) return { kind: "native" };
  const digit = digitOf(key) !== null;
  if (!digit && ARROWS.includes(key.key)) {
    if (focus === "select" || key.key === "ArrowLeft" || key.key === "ArrowRight") return { kind: "native" };
    return { kind: "change", change: { type: "focusAction", delta: key.key === "ArrowDown" ? 1 : -1 } };
  }
  if (!shortcutsOn) return { kind: "native" };
  // Only digits (Shift+numpad may name no character) and single characters are shortcuts: Enter, Space, Tab and the like keep their meaning.
  if (!digit && (key.key.length !== 1 || key.key === " ")) return { kind: "native" };
  const command = COMMANDS[key.key];
  if (command) return { kind: "command", command };
  const change = changeForKey(key);
  return change ? { kind: "change", change } : { kind: "native" };
}
