"use client";

import { useCallback, useSyncExternalStore } from "react";
import { InfoDialog } from "./info-dialog";

/** The rater's choice, kept in this browser: single-character shortcuts on (the default) or off. */
const PREFERENCE_KEY = "tandem:shortcuts";
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

function shortcutsOnNow(): boolean {
  try {
    return localStorage.getItem(PREFERENCE_KEY) !== "off";
  } catch {
    return true;
  }
}

/** Whether single-character shortcuts are on, and the switch; the server renders them on. */
export function useShortcutsOn(): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore(subscribe, shortcutsOnNow, () => true);
  const set = useCallback((value: boolean) => {
    try {
      if (value) localStorage.removeItem(PREFERENCE_KEY);
      else localStorage.setItem(PREFERENCE_KEY, "off");
    } catch {
      /* storage refused: the choice lasts as long as the page */
    }
    for (const listener of listeners) listener();
  }, []);
  return [on, set];
}

/** Every key of the rating form, as the help lists it. `single`: a single-character shortcut, off with the switch. */
const SHORTCUTS: { keys: string; does: string; single: boolean; claimOnly?: boolean }[] = [
  { keys: "0 – 4", does: "omission harm (digit row or numpad)", single: true },
  { keys: "Shift + 0 – 3", does: "commission harm", single: true },
  { keys: "↑ / ↓ or k / j", does: "select a critical action (↑/↓ also while a score has focus; they never change a score)", single: false },
  { keys: "h / p / m", does: "mark the selected action hit, partial or miss, then select the next", single: true },
  { keys: "c", does: "go to the response class (↑/↓ choose, Esc leaves)", single: true },
  { keys: "x", does: "go to the omission mechanism (↑/↓ choose, Esc leaves)", single: true },
  { keys: "r", does: "write the reasoning (Esc leaves the text)", single: true },
  { keys: "g", does: "show or hide the gold standard", single: true },
  { keys: "b", does: "open the codebook", single: true },
  { keys: "?", does: "open this list", single: true },
  { keys: "s", does: "skip this answer (asks for a reason; Enter skips, Esc cancels)", single: true, claimOnly: true },
  { keys: "a", does: "cannot assess this answer (choose a reason with ↑/↓; Enter records it, Esc cancels)", single: true, claimOnly: true },
  { keys: "Ctrl + Enter (⌘ + Enter)", does: "submit (or save an edit); works with shortcuts off and while typing", single: false },
];

/** The overlay listing every shortcut, and whether the single-key ones are on. */
export function ShortcutsHelp({ open, onClose, claim, shortcutsOn }: {
  open: boolean;
  onClose: () => void;
  claim: boolean;
  shortcutsOn: boolean;
}) {
  return (
    <InfoDialog open={open} title="Keyboard shortcuts" onClose={onClose} testId="shortcuts-help">
      <table className="w-full text-left">
        <caption className="sr-only">Keyboard shortcuts of the rating form</caption>
        <thead>
          <tr><th scope="col" className="py-1 pr-3">Key</th><th scope="col" className="py-1">Does</th></tr>
        </thead>
        <tbody>
          {SHORTCUTS.filter((s) => claim || !s.claimOnly).map((s) => (
            <tr key={s.keys} className="border-t border-slate-200">
              <th scope="row" className="py-1 pr-3 font-mono font-normal whitespace-nowrap">{s.keys}</th>
              <td className="py-1">{s.does}{s.single && !shortcutsOn ? " — off" : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-3">
        {shortcutsOn ? "The single-key shortcuts are on; the “Single-key shortcuts” switch beside the form turns them off." : "The single-key shortcuts are off; the “Single-key shortcuts” switch beside the form turns them on."}{" "}
        A click (or Tab, the arrows and Space) does everything too. Your draft is kept if you reload.
      </p>
    </InfoDialog>
  );
}

/**
 * The switch for single-character shortcuts: they can be turned off so speech
 * input and stray keys do not trigger them. Ctrl+Enter stays on.
 */
export function ShortcutsSwitch({ on, set }: { on: boolean; set: (on: boolean) => void }) {
  return (
    <label className="inline-flex min-h-6 items-center gap-2 text-sm">
      <input type="checkbox" checked={on} onChange={(e) => set(e.target.checked)} className="size-4" />
      Single-key shortcuts
    </label>
  );
}
