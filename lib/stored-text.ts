// What PostgreSQL refuses to store, found before it is sent: the NUL
// character (U+0000) in any text or jsonb string or key, and JSON nested so
// deep that serialising it overflows the stack.

/** Deeper JSON is refused; real records nest a handful of levels. */
export const MAX_JSON_DEPTH = 64;

export const hasNul = (text: string): boolean => text.includes("\u0000");

export const nulMessage = (field: string) => `${field} contains a NUL character (U+0000), which cannot be stored; remove it.`;

export const tooDeepMessage = (field: string) => `${field} is nested deeper than ${MAX_JSON_DEPTH} levels.`;

/** A path as a field name, with any NUL in a key spelled out so the name itself can be stored. */
const fieldName = (path: readonly (string | number)[]) => path.map((key) => String(key).replaceAll("\u0000", "\\u0000")).join(".");

export interface UnstorablePart {
  /** The dotted path: `filter.models.0`; empty for the value itself. */
  field: string;
  message: string;
}

/**
 * Every string or key holding U+0000, by path, and every top-level field
 * nested deeper than MAX_JSON_DEPTH (once each). Walks with its own stack,
 * so any depth is safe; stops after `limit` findings.
 */
export function unstorableParts(value: unknown, limit = 100): UnstorablePart[] {
  const found: UnstorablePart[] = [];
  const tooDeep = new Set<string>();
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0 && found.length < limit) {
    const { value: current, path } = stack.pop() as (typeof stack)[number];
    const key = path.at(-1);
    if (typeof key === "string" && hasNul(key)) found.push({ field: fieldName(path), message: nulMessage(fieldName(path)) });
    if (typeof current === "string") {
      if (hasNul(current)) found.push({ field: fieldName(path), message: nulMessage(fieldName(path) || "The value") });
      continue;
    }
    if (current === null || typeof current !== "object") continue;
    if (path.length >= MAX_JSON_DEPTH) {
      const top = fieldName(path.slice(0, 1));
      if (!tooDeep.has(top)) found.push({ field: top, message: tooDeepMessage(top || "The value") });
      tooDeep.add(top);
      continue;
    }
    const entries = Array.isArray(current) ? current.map((item, i) => [i, item] as const) : Object.entries(current);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [childKey, item] = entries[i] as readonly [string | number, unknown];
      stack.push({ value: item, path: [...path, childKey] });
    }
  }
  return found.slice(0, limit);
}

/** A form's fields holding U+0000 (a field sent more than once counts if any of its values does), each with its message. */
export function nulFieldErrors(values: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [field, value] of Object.entries(values)) {
    if ([value].flat().some((v) => typeof v === "string" && hasNul(v))) errors[field] = nulMessage(field);
  }
  return errors;
}
