"use client";

import { useCallback, useEffect, useState } from "react";
import type { ClaimedItem } from "./claim";
import { readError } from "./requests";

export interface UndoableSkip {
  assignmentId: string;
  blindCode: string;
}

/**
 * The rater's last skip in a queue while it may be undone, kept for the tab's
 * session so a reload still offers the Undo (the server decides whether it
 * still may). Kept per user: another rater signing in in the same tab is
 * never offered it. Read after hydration: only the browser has
 * sessionStorage; a storage that refuses (full, or blocked) keeps the offer
 * for this page only.
 */
export function useUndoableSkip(queueId: string, userId: string): [UndoableSkip | null, (skip: UndoableSkip | null) => void] {
  const key = `tandem:undo-skip:${userId}:${queueId}`;
  const [skip, setSkip] = useState<UndoableSkip | null>(null);
  /* eslint-disable react-hooks/set-state-in-effect -- state synced once from sessionStorage, an external store */
  useEffect(() => {
    try {
      const kept = sessionStorage.getItem(key);
      if (kept) setSkip(JSON.parse(kept) as UndoableSkip);
    } catch {
      /* a broken entry offers nothing */
    }
  }, [key]);
  /* eslint-enable react-hooks/set-state-in-effect */
  const set = useCallback(
    (next: UndoableSkip | null) => {
      setSkip(next);
      try {
        if (next) sessionStorage.setItem(key, JSON.stringify(next));
        else sessionStorage.removeItem(key);
      } catch {
        /* not kept across a reload */
      }
    },
    [key],
  );
  return [skip, set];
}

/**
 * The Undo beside "Skipped <blind code>.", offered until the rater's next
 * rating. Undoing makes the skipped answer the rater's hold again (the answer
 * they had meanwhile claimed goes back to the pool); the server refuses once
 * other raters have filled its slots or the rater has rated since.
 */
export function SkipUndo({ skip, onUndone }: { skip: UndoableSkip; onUndone: (item: ClaimedItem) => void }) {
  const [pending, setPending] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);

  async function undo() {
    setPending(true);
    const response = await fetch(`/api/v1/assignments/${skip.assignmentId}/skip`, { method: "DELETE" }).catch(() => null);
    setPending(false);
    if (!response) setRefusal("The server cannot be reached; try again in a moment.");
    else if (response.ok) onUndone((await response.json()) as ClaimedItem);
    else setRefusal((await readError(response)).message);
  }

  if (refusal) return <span role="alert" className="text-sm text-red-800" data-testid="undo-refused">{refusal}</span>;
  return (
    <button type="button" onClick={() => void undo()} disabled={pending} aria-label={`Undo the skip of ${skip.blindCode}`}
      className="rounded border border-slate-300 bg-white px-2 py-0.5 text-sm disabled:opacity-60" data-testid="undo-skip">
      Undo
    </button>
  );
}
