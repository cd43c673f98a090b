import type { RefObject } from "react";
import { CriticalActionResult } from "@/lib/db/generated/enums";
import { CRITICAL_ACTION_RESULTS } from "@/lib/instrument";
import type { DraftChange, RatingDraft } from "./form-state";
import { MissingMark } from "./scale-field";

/**
 * The scenario's critical actions, each marked hit / partial / miss. One is
 * selected (↑/↓, or focusing its buttons); a polite live region says which,
 * and how it is marked.
 */
export function CriticalActions({ actions, draft, dispatch, listRef, missing }: {
  actions: readonly string[];
  draft: RatingDraft;
  dispatch: (change: DraftChange) => void;
  listRef: RefObject<HTMLOListElement | null>;
  missing: boolean;
}) {
  const actionCount = actions.length;
  const selected = draft.focusedAction;
  const selectedResult = draft.actions[selected];
  return (
    <fieldset className={`rounded border bg-white px-3 py-2 ${missing ? "border-red-600" : "border-slate-200"}`}>
      <legend className="px-1 text-sm font-semibold">
        Critical actions (↑/↓ select · h hit · p partial · m miss){missing && <MissingMark />}
      </legend>
      <ol ref={listRef} className="space-y-1 text-sm">
        {actions.map((action, i) => (
          <li key={i} data-action={i} aria-current={selected === i ? "true" : undefined}
            className={`flex flex-wrap items-center gap-2 rounded p-1 ${selected === i ? "bg-slate-100 ring-1 ring-brand-600" : ""}`} data-testid={`action-${i}`}>
            <span className="min-w-0 flex-1">{i + 1}. {action}</span>
            {Object.values(CriticalActionResult).map((result) => (
              <button key={result} type="button" aria-pressed={draft.actions[i] === result}
                aria-label={`Action ${i + 1}: ${CRITICAL_ACTION_RESULTS[result].label}`}
                onFocus={() => { if (draft.focusedAction !== i) dispatch({ type: "selectAction", index: i }); }}
                onClick={() => dispatch({ type: "action", result, index: i })}
                className={`min-h-6 min-w-6 rounded border px-2 py-0.5 text-xs ${draft.actions[i] === result ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300"}`}>
                {CRITICAL_ACTION_RESULTS[result].label}
              </button>
            ))}
          </li>
        ))}
      </ol>
      <p className="sr-only" aria-live="polite" data-testid="selected-action">
        {actionCount > 0 &&
          `Selected: action ${selected + 1} of ${actionCount}, ${actions[selected]}, ${selectedResult ? CRITICAL_ACTION_RESULTS[selectedResult].label : "not marked"}.`}
      </p>
    </fieldset>
  );
}
