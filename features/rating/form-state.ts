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

/** What is still missing before the rating can be submitted (empty when complete). */
export function missingFields(draft: RatingDraft): string[] {
  const missing: string[] = [];
  if (draft.omissionHarm === null) missing.push("omission harm");
  if (draft.commissionHarm === null) missing.push("commission harm");
  const open = draft.actions.filter((a) => a === null).length;
  if (open > 0) missing.push(`${open} critical action${open === 1 ? "" : "s"}`);
  if (!draft.responseClass) missing.push("response class");
  if (!draft.omissionMechanism) missing.push("omission mechanism");
  if (!draft.reasoning.trim()) missing.push("reasoning");
  return missing;
}

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

/**
 * The keyboard: 0–4 omission harm, Shift+0–3 commission harm, h/p/m marks
 * the selected critical action (then selects the next), j/k or ↓/↑ move the
 * selection. Keys typed into a text field are left alone.
 */
export function changeForKey(key: { code: string; key: string; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): DraftChange | null {
  if (key.ctrlKey || key.metaKey || key.altKey) return null;
  const digit = /^Digit([0-9])$/.exec(key.code)?.[1];
  if (digit !== undefined) return { type: key.shiftKey ? "commission" : "omission", value: Number(digit) };
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
