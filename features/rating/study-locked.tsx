/** What a rater sees instead of work while the study is locked: by whom and since when (never the reason). */
export function StudyLockedNotice({ lock }: { lock: { lockedAt: Date; lockedBy: string | null } }) {
  const since = `${lock.lockedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return (
    <p role="status" data-testid="study-locked" className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-900">
      This study is locked{lock.lockedBy ? ` by ${lock.lockedBy}` : ""} since {since}: no answers are offered and ratings cannot be
      given, changed or skipped until an admin unlocks it.
    </p>
  );
}
