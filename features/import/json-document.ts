// JSON request bodies split into records as they stream: the elements of a
// top-level array in one pass over the text, each named by the line it
// starts on, its 1-based record number and its JSON pointer, whatever the
// number of records on a line.
import { MAX_JSON_DEPTH } from "@/lib/stored-text";

/** Where a record stands in its file: the line it starts on, its 1-based number, and inside a JSON array its pointer (`/17`). */
export interface RecordPlace {
  line: number;
  record: number;
  pointer?: string;
}

/**
 * A record read, or a problem of the document. A problem outside any record
 * (an array left open, text after it) has no record number.
 */
export type ParsedRecord =
  | (RecordPlace & { value: unknown })
  | { line: number; record: number | null; pointer?: string; error: string };

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

/** JSON.parse of one record, with the line where a broken one goes wrong. */
export function parseJsonAt(text: string, place: RecordPlace): ParsedRecord {
  const firstLine = place.line;
  try {
    return { ...place, value: JSON.parse(text) as unknown };
  } catch (error) {
    const stop = invalidJsonAt(text);
    const offset = Math.max(0, stop.offset);
    const line = firstLine + lineAt(text, offset) - 1;
    if (stop.tooDeep) return { ...place, line, error: `Invalid JSON: nested deeper than ${MAX_JSON_DEPTH} levels.` };
    const near = JSON.stringify(text.slice(offset, offset + 20));
    const reason = (error as Error).message.split(",")[0] ?? "syntax error";
    return { ...place, line, error: `Invalid JSON near ${near}: ${reason}` };
  }
}


const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d, 0xfeff]);
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

/**
 * The elements of a top-level JSON array, read from text chunks as they
 * come. Each character is visited once (a scan that tracks strings and
 * nesting to find where an element ends), and each element is parsed once:
 * time is linear in the body and memory holds one element at a time.
 * `work` counts the characters scanned and parsed, so a test can check it.
 */
export class JsonArrayReader {
  /** Characters scanned (by the loop and by each search inside strings) plus characters handed to JSON.parse. */
  work = 0;
  private state: "before" | "between" | "element" | "after" | "done" = "before";
  private line = 1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The current element's text from earlier chunks. */
  private held = "";
  private elementLine = 0;
  private records = 0;
  /** A comma was read and no element has followed it yet. */
  private afterComma = false;

  /** Where `search` next occurs in `text` from `from`, or the text's length; the characters it passed over count as work. */
  private indexOrLength(text: string, search: string, from: number) {
    const found = text.indexOf(search, from);
    const at = found < 0 ? text.length : found;
    this.work += at - from;
    return at;
  }

  /** The records that end in `chunk`. */
  *push(chunk: string): Generator<ParsedRecord> {
    let start = 0;
    const length = chunk.length;
    this.work += length;
    // The next quote, backslash and newline at or after where the scan stands (length: none left
    // in the chunk), found by indexOf and searched again only once the scan has passed them: each
    // search starts where the last one of its character ended, so a string of many escapes is
    // still read once (searching again from every escape would reread the rest of the string).
    let nextQuote = -1;
    let nextBackslash = -1;
    let nextNewline = -1;
    for (let i = 0; i < length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.state === "element") {
        if (this.inString) {
          if (this.escaped) {
            this.escaped = false;
            continue;
          }
          // Inside a string only a backslash, a quote or a newline matters: jump to the next one.
          if (nextQuote < i) nextQuote = this.indexOrLength(chunk, '"', i);
          if (nextBackslash < i) nextBackslash = this.indexOrLength(chunk, "\\", i);
          if (nextNewline < i) nextNewline = this.indexOrLength(chunk, "\n", i);
          i = Math.min(nextQuote, nextBackslash, nextNewline);
          if (i === length) continue;
          const d = chunk.charCodeAt(i);
          if (d === BACKSLASH) this.escaped = true;
          else if (d === QUOTE) this.inString = false;
          else this.line++;
          continue;
        }
        if (c === QUOTE) this.inString = true;
        else if (c === 0x7b || c === 0x5b) this.depth++;
        else if ((c === 0x7d || c === 0x5d) && this.depth > 0) this.depth--;
        else if (c === NEWLINE) this.line++;
        else if (this.depth === 0 && (c === 0x2c || c === 0x5d)) {
          yield this.element(this.held + chunk.slice(start, i));
          this.held = "";
          this.state = c === 0x2c ? "between" : "after";
          this.afterComma = c === 0x2c;
        }
        continue;
      }
      if (c === NEWLINE) this.line++;
      if (SPACE.has(c)) continue;
      if (this.state === "before") {
        if (c !== 0x5b) {
          this.state = "done";
          yield { line: this.line, record: null, error: "Invalid JSON: expected an object or an array" };
          return;
        }
        this.state = "between";
      } else if (this.state === "between") {
        if (c === 0x5d) {
          this.state = "after";
          if (this.afterComma) yield { line: this.line, record: null, error: "Invalid JSON: a comma before the closing ]" };
        } else if (c === 0x2c) {
          yield { line: this.line, record: null, error: "Invalid JSON: a comma with no element before it" };
        } else {
          this.state = "element";
          this.afterComma = false;
          this.elementLine = this.line;
          start = i;
          this.depth = c === 0x7b || c === 0x5b ? 1 : 0;
          this.inString = c === QUOTE;
          this.escaped = false;
        }
      } else if (this.state === "after") {
        this.state = "done";
        yield { line: this.line, record: null, error: "Invalid JSON: text after the closing ]" };
        return;
      } else return;
    }
    if (this.state === "element") this.held += chunk.slice(start);
  }

  /** What the end of the body leaves: the last element of an array not closed, and that problem. */
  *end(): Generator<ParsedRecord> {
    if (this.state === "element") {
      yield this.element(this.held);
      this.held = "";
    }
    if (this.state === "element" || this.state === "between") {
      yield { line: this.line, record: null, error: "Invalid JSON: the array is not closed with ]" };
    }
    this.state = "done";
  }

  private element(text: string): ParsedRecord {
    this.records++;
    this.work += text.length;
    return parseJsonAt(text, { line: this.elementLine, record: this.records, pointer: `/${this.records - 1}` });
  }
}

/** The records of a whole JSON document: the elements of a top-level array, or the one object. */
export function splitJsonDocument(input: string): ParsedRecord[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const first = /\S/.exec(text);
  if (!first) return [];
  if (first[0] !== "[") {
    const line = 1 + (text.slice(0, first.index).match(/\n/g)?.length ?? 0);
    return [parseJsonAt(text.slice(first.index), { line, record: 1 })];
  }
  const reader = new JsonArrayReader();
  return [...reader.push(text), ...reader.end()];
}
