// How an audit entry's data reads on the audit page: before-and-after pairs
// as changes, everything else as plain facts. Pure, so it is unit-tested.

export interface Change {
  field: string;
  before: string;
  after: string;
}

export interface Described {
  changes: Change[];
  facts: { field: string; value: string }[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** A value as one short line: text as it is, lists joined, anything else as JSON; missing as "—". */
export function showValue(value: unknown): string {
  if (value === undefined || value === null) return "—";
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v !== "object" || v === null)) return value.map((v) => String(v)).join(", ");
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value);
}

/**
 * Splits an entry's data: when it holds `before` and `after` objects, each
 * field that differs between them is a change (a field only one side has
 * counts too); every other key is a fact.
 */
export function describeData(data: unknown): Described {
  if (!isRecord(data)) return { changes: [], facts: data === undefined || data === null ? [] : [{ field: "data", value: showValue(data) }] };
  const { before, after, ...rest } = data;
  const changes: Change[] = [];
  const facts = Object.entries(rest).map(([field, value]) => ({ field, value: showValue(value) }));
  if (isRecord(before) && isRecord(after)) {
    for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const was = showValue(before[field]);
      const now = showValue(after[field]);
      if (was !== now) changes.push({ field, before: was, after: now });
    }
  } else {
    if (before !== undefined) facts.push({ field: "before", value: showValue(before) });
    if (after !== undefined) facts.push({ field: "after", value: showValue(after) });
  }
  return { changes, facts };
}
