/**
 * The time a rater's tab was hidden while they held an answer, counted in the
 * browser (visibilitychange) and kept per assignment in sessionStorage, so a
 * reload keeps it. Pure state: `since` is when the tab was hidden (ms), while
 * it is hidden; `seconds` the hidden time already closed.
 */
export interface HiddenTime {
  seconds: number;
  since: number | null;
}

export const NOT_HIDDEN: HiddenTime = { seconds: 0, since: null };

/** The tab was hidden at `now`: hidden time starts (again hidden while hidden changes nothing). */
export const hiddenAt = (state: HiddenTime, now: number): HiddenTime => (state.since === null ? { ...state, since: now } : state);

/** The tab is visible at `now`: the hidden stretch is added. */
export const visibleAt = (state: HiddenTime, now: number): HiddenTime =>
  state.since === null ? state : { seconds: state.seconds + Math.max(0, now - state.since) / 1000, since: null };

/** The hidden seconds at `now`, an open hidden stretch included. */
export const hiddenSeconds = (state: HiddenTime, now: number): number => visibleAt(state, now).seconds;

/** A stored state, or none when it is missing or broken. */
export function parseHiddenTime(text: string | null): HiddenTime {
  if (!text) return NOT_HIDDEN;
  try {
    const value = JSON.parse(text) as Partial<HiddenTime>;
    const seconds = typeof value.seconds === "number" && value.seconds >= 0 ? value.seconds : 0;
    const since = typeof value.since === "number" ? value.since : null;
    return { seconds, since };
  } catch {
    return NOT_HIDDEN;
  }
}
