// When a gold item or a retest is due for a rater: pure rules, unit-tested.

/**
 * A gold item is due when the rater's gold assignments in the queue are fewer
 * than rate × (their ratings + their gold items + 1), rounded down: at rate r,
 * about r of everything they are shown is gold, and the first item is never
 * gold (r × 1 rounds down to 0 for any r < 1).
 */
export function goldDue(rate: number | null, rated: number, gold: number): boolean {
  if (rate === null || !(rate > 0)) return false;
  return gold < Math.floor(rate * (rated + gold + 1) + 1e-9);
}

/**
 * A retest is due when the rater's retests in the queue are fewer than
 * share × their ratings in it, rounded down: at share s, about s of the
 * answers they rated come back to them once.
 */
export function retestDue(share: number | null, rated: number, retests: number): boolean {
  if (share === null || !(share > 0)) return false;
  return retests < Math.floor(share * rated + 1e-9);
}
