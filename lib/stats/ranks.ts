// Ranking with ties, shared by the rank tests.

/** Average ranks (1-based) of the values, ties sharing their mean rank; also the tie group sizes. */
export function averageRanks(values: readonly number[]): { ranks: number[]; tieSizes: number[] } {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(values.length).fill(0);
  const tieSizes: number[] = [];
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]?.v === order[start]?.v) end++;
    const rank = (start + end) / 2 + 1;
    for (let j = start; j <= end; j++) ranks[order[j]?.i ?? 0] = rank;
    tieSizes.push(end - start + 1);
    start = end + 1;
  }
  return { ranks, tieSizes };
}

/** Σ (t³ − t) over the tie groups: the tie term of the rank tests' variances. */
export const tieTerm = (tieSizes: readonly number[]) => tieSizes.reduce((s, t) => s + t ** 3 - t, 0);
