/**
 * Active time on task: the seconds from claim to first submission, less the
 * seconds the rater's tab was hidden meanwhile. The hidden time the browser
 * reports is clamped to [0, elapsed], so a client cannot make a rating take
 * negative time or more than the wall clock gave it; the result is rounded to
 * whole seconds and never below 0. Pure: the server reads `elapsed` from the
 * database's clock and stores what this returns. A first rating saved in one
 * statement (tandem_submit_first_rating) computes the same in SQL.
 */
export function activeSeconds(elapsedSeconds: number, hiddenSeconds: number | undefined): number {
  const elapsed = Number.isFinite(elapsedSeconds) ? Math.max(0, elapsedSeconds) : 0;
  const hidden = Math.min(Math.max(Number.isFinite(hiddenSeconds) ? (hiddenSeconds as number) : 0, 0), elapsed);
  return Math.max(0, Math.round(elapsed - hidden));
}
