// Small helpers for grouping and ordering rows. Pure.

/** Groups rows by a key, keeping the keys in first-seen order. */
export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** Orders text by UTF-16 code unit: the same on every machine and locale, unlike localeCompare. */
export const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The groups ordered by key. */
export const sortedByKey = <T,>(groups: Map<string, T>): Map<string, T> => new Map([...groups].sort(([a], [b]) => byText(a, b)));
