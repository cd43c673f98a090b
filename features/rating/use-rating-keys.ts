"use client";

import { useEffect, useRef, type RefObject } from "react";
import { focusKind, keyOutcome, type DraftChange } from "./form-state";

export interface RatingKeys {
  /** A dialog (skip, shortcuts, codebook) is open: it handles its own keys, and nothing behind it changes. */
  paused: boolean;
  shortcutsOn: boolean;
  dispatch: (change: DraftChange) => void;
  submit: () => Promise<void>;
  /** Opens the skip dialog; null where there is no skip (an edit). */
  skip: (() => void) | null;
  /** Opens the cannot-assess dialog; null where there is none (an edit). */
  cannotAssess: (() => void) | null;
  fields: {
    responseClass: RefObject<HTMLSelectElement | null>;
    mechanism: RefObject<HTMLSelectElement | null>;
    reasoning: RefObject<HTMLTextAreaElement | null>;
  };
  toggleGold: () => void;
  openHelp: () => void;
  openCodebook: () => void;
}

/**
 * The rating form's keys, wherever the focus is on the page: what a key does
 * is `keyOutcome`'s rule (form-state.ts); this carries it out. The listener
 * always acts on the latest form (its draft, its submit).
 */
export function useRatingKeys(keys: RatingKeys): void {
  const latest = useRef(keys);
  useEffect(() => {
    latest.current = keys;
  });

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const { paused, shortcutsOn, dispatch, submit, skip, cannotAssess, fields, toggleGold, openHelp, openCodebook } = latest.current;
      if (paused) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      const outcome = keyOutcome(event, focusKind(target), shortcutsOn);
      if (outcome.kind === "native") return;
      event.preventDefault();
      switch (outcome.kind) {
        case "submit":
          return void submit();
        case "leave":
          return target?.blur();
        case "change":
          return dispatch(outcome.change);
        case "command":
          switch (outcome.command) {
            case "skip":
              return skip?.();
            case "cannotAssess":
              return cannotAssess?.();
            case "responseClass":
              return fields.responseClass.current?.focus();
            case "mechanism":
              return fields.mechanism.current?.focus();
            case "reasoning":
              return fields.reasoning.current?.focus();
            case "gold":
              return toggleGold();
            case "help":
              return openHelp();
            case "codebook":
              return openCodebook();
          }
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
