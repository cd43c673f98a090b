/** A rater's progress in one queue, as claimable.ts counts it. */
export interface MyProgress {
  rated: number;
  skipped: number;
  holding: number;
  /**
   * What they may still claim, plus their own live hold; null in a queue that
   * mixes in gold items, retests or adjudications, whose count would tell the
   * rater which items those were (it would not move as an item of the queue's
   * own moves it), so it is not shown.
   */
  left: number | null;
  items: number;
}

/**
 * "24 rated, 1 skipped · nothing left for you · 25 answers in the queue": the
 * same words on My queues and in the workspace. A skip is done for the rater,
 * so a rater who skipped one of 25 and rated the rest has nothing left.
 */
export function progressText(progress: MyProgress): string {
  const rated = `${progress.rated} rated, ${progress.skipped} skipped`;
  const inQueue = `${progress.items} ${progress.items === 1 ? "answer" : "answers"} in the queue`;
  if (progress.left === null) return `${rated} · ${inQueue}`;
  const left = progress.left === 0 ? "nothing left for you" : `${progress.left} left for you`;
  return `${rated} · ${left} · ${inQueue}`;
}

/** "7 of 25 left for you": the workspace's line beside the form, with the same count of what is left (none when not shown). */
export function leftOfText(progress: Pick<MyProgress, "left" | "items">): string | undefined {
  if (progress.left === null) return undefined;
  return progress.left === 0 ? "nothing left for you" : `${progress.left} of ${progress.items} left for you`;
}
