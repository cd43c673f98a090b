/** A rater's progress in one queue, as claimable.ts counts it. */
export interface MyProgress {
  rated: number;
  skipped: number;
  holding: number;
  /** What they may still claim, plus their own live hold. */
  left: number;
  items: number;
}

/**
 * "24 rated, 1 skipped · nothing left for you · 25 answers in the queue": the
 * same words on My queues and in the workspace. A skip is done for the rater,
 * so a rater who skipped one of 25 and rated the rest has nothing left.
 */
export function progressText(progress: MyProgress): string {
  const left = progress.left === 0 ? "nothing left for you" : `${progress.left} left for you`;
  return `${progress.rated} rated, ${progress.skipped} skipped · ${left} · ${progress.items} ${progress.items === 1 ? "answer" : "answers"} in the queue`;
}

/** "7 of 25 left for you": the workspace's line beside the form, with the same count of what is left. */
export function leftOfText(progress: Pick<MyProgress, "left" | "items">): string {
  return progress.left === 0 ? "nothing left for you" : `${progress.left} of ${progress.items} left for you`;
}
