// Abstention: how often physicians record "cannot assess" instead of a
// rating. Pure; a group with nothing given has rate null, never NaN.

/** One group's counts: ratings given and cannot-assess records. */
export interface AbstentionCounts {
  ratings: number;
  cannot_assess: number;
}

/** A group's abstention rate with the counts behind it: n = ratings + cannot-assess. */
export interface AbstentionFigure extends AbstentionCounts {
  n: number;
  /** cannot_assess / n; null when n = 0. */
  rate: number | null;
}

export function abstentionRate({ ratings, cannot_assess }: AbstentionCounts): AbstentionFigure {
  const n = ratings + cannot_assess;
  return { ratings, cannot_assess, n, rate: n === 0 ? null : cannot_assess / n };
}

/**
 * Abstention rates per group (a physician, a model, a category), from one row
 * per record or per partial count: rows of the same group are added up first.
 * The groups come back in the order they first appear.
 */
export function abstentionRates<G extends string>(rows: readonly (AbstentionCounts & { group: G })[]): (AbstentionFigure & { group: G })[] {
  const totals = new Map<G, AbstentionCounts>();
  for (const row of rows) {
    const sum = totals.get(row.group) ?? { ratings: 0, cannot_assess: 0 };
    totals.set(row.group, { ratings: sum.ratings + row.ratings, cannot_assess: sum.cannot_assess + row.cannot_assess });
  }
  return [...totals].map(([group, counts]) => ({ group, ...abstentionRate(counts) }));
}
