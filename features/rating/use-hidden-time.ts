"use client";

import { useCallback, useEffect } from "react";
import { hiddenAt, hiddenSeconds, parseHiddenTime, visibleAt } from "./hidden-time";

const storageKey = (assignmentId: string) => `tandem:hidden:${assignmentId}`;

function read(assignmentId: string) {
  try {
    return parseHiddenTime(sessionStorage.getItem(storageKey(assignmentId)));
  } catch {
    return parseHiddenTime(null);
  }
}

function write(assignmentId: string, state: ReturnType<typeof read>) {
  try {
    sessionStorage.setItem(storageKey(assignmentId), JSON.stringify(state));
  } catch {
    /* storage refused: the hidden time of this page is lost, never the rating */
  }
}

/**
 * Counts the time the tab is hidden while the rater holds `assignmentId`
 * (kept in sessionStorage, so a reload of the tab keeps it). Closing the tab
 * loses it with the tab's sessionStorage: the answer opened again in a new
 * tab starts from no hidden time, so the time hidden before the close and
 * the time the tab was closed count as active. `active` false (an edit)
 * counts nothing. Returns the hidden seconds now, and `clear` once the server took
 * the rating or the cannot-assess.
 */
export function useHiddenTime(assignmentId: string, active: boolean) {
  useEffect(() => {
    if (!active) return;
    const sync = () => {
      const state = read(assignmentId);
      write(assignmentId, document.visibilityState === "hidden" ? hiddenAt(state, Date.now()) : visibleAt(state, Date.now()));
    };
    sync();
    document.addEventListener("visibilitychange", sync);
    return () => document.removeEventListener("visibilitychange", sync);
  }, [assignmentId, active]);

  const seconds = useCallback(() => (active ? Math.round(hiddenSeconds(read(assignmentId), Date.now()) * 10) / 10 : undefined), [assignmentId, active]);
  const clear = useCallback(() => {
    try {
      sessionStorage.removeItem(storageKey(assignmentId));
    } catch {
      /* nothing stored */
    }
  }, [assignmentId]);
  return { seconds, clear };
}
