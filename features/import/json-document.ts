// A JSON request body (an array of records or one object) split into its
// top-level records, each with the line it starts on, so a bad record is
// reported by its line like an NDJSON one.
import { MAX_JSON_DEPTH } from "@/lib/stored-text";

export type ParsedRecord = { line: number; value: unknown } | { line: number; error: string };

const lineAt = (text: string, offset: number) => {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
};

/**
 * Where `text` stops being valid JSON (JSON.parse does not always say): a
 * plain recursive-descent scan that accepts exactly one JSON value. It
 * stops at nesting deeper than MAX_JSON_DEPTH (which it could not follow
 * without overflowing the stack), saying so.
 */
function invalidJsonAt(text: string): { offset: number; tooDeep: boolean } {
  class SyntaxStop extends Error {
    constructor(
      readonly offset: number,
      readonly tooDeep = false,
    ) {
      super("invalid JSON");
    }
  }
  let i = 0;
  let depth = 0;
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text.charAt(i))) i++;
  };
  const fail = (): never => {
    throw new SyntaxStop(i);
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    i++;
    while (i < text.length && text.charAt(i) !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      i += text.charAt(i) === "\\" ? 2 : 1;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match) fail();
    i += match?.[0].length ?? 0;
  };
  const value = (): void => {
    space();
    const c = text.charAt(i);
    if (c === "{") return members("}", true);
    if (c === "[") return members("]", false);
    if (c === '"') return string();
    if (c === "t") return literal("true");
    if (c === "f") return literal("false");
    if (c === "n") return literal("null");
    return number();
  };
  const members = (end: string, keyed: boolean) => {
    if (++depth > MAX_JSON_DEPTH) throw new SyntaxStop(i, true);
    i++;
    space();
    if (text.charAt(i) === end) {
      i++;
      depth--;
      return;
    }
    for (;;) {
      if (keyed) {
        space();
        if (text.charAt(i) !== '"') fail();
        string();
        space();
        if (text.charAt(i) !== ":") fail();
        i++;
      }
      value();
      space();
      if (text.charAt(i) === ",") i++;
      else if (text.charAt(i) === end) {
        i++;
        depth--;
        return;
      } else fail();
    }
  };
  try {
    value();
    space();
    return { offset: i < text.length ? i : -1, tooDeep: false };
  } catch (stop) {
    if (stop instanceof SyntaxStop) return { offset: stop.offset, tooDeep: stop.tooDeep };
    throw stop;
  }
}

export const invalidJsonOffset = (text: string): number => invalidJsonAt(text).offset;

/** JSON.parse, with the line where a broken document goes wrong. */
export function parseJsonAt(text: string, firstLine: number): ParsedRecord {
  try {
    return { line: firstLine, value: JSON.parse(text) as unknown };
  } catch (error) {
    const stop = invalidJsonAt(text);
    const offset = Math.max(0, stop.offset);
    const line = firstLine + lineAt(text, offset) - 1;
    if (stop.tooDeep) return { line, error: `Invalid JSON: nested deeper than ${MAX_JSON_DEPTH} levels.` };
    const near = JSON.stringify(text.slice(offset, offset + 20));
    const reason = (error as Error).message.split(",")[0] ?? "syntax error";
    return { line, error: `Invalid JSON near ${near}: ${reason}` };
  }
}

function firstNonSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text.charAt(i))) i++;
  return i;
}

/** The records of a JSON document: the elements of a top-level array, or the one object. */
export function splitJsonDocument(input: string): ParsedRecord[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const start = firstNonSpace(text, 0);
  if (start === text.length) return [];
  if (text.charAt(start) !== "[") return [parseJsonAt(text.slice(start), lineAt(text, start))];

  const records: ParsedRecord[] = [];
  let depth = 0;
  let inString = false;
  let elementStart = -1;
  const close = (end: number) => {
    if (elementStart < 0) return;
    records.push(parseJsonAt(text.slice(elementStart, end), lineAt(text, elementStart)));
    elementStart = -1;
  };
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charAt(i);
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (depth === 0 && elementStart < 0 && !/\s|,|\]/.test(c)) elementStart = i;
    if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if ((c === "}" || c === "]") && depth > 0) depth--;
    else if (c === "," && depth === 0) close(i);
    else if (c === "]" && depth === 0) {
      close(i);
      const rest = firstNonSpace(text, i + 1);
      if (rest < text.length) records.push({ line: lineAt(text, rest), error: "Invalid JSON: text after the closing ]" });
      return records;
    }
  }
  close(text.length);
  records.push({ line: lineAt(text, text.length), error: "Invalid JSON: the array is not closed with ]" });
  return records;
}
