import { describe, expect, it } from "vitest";
import { invalidJsonOffset, JsonArrayReader, splitJsonDocument } from "./json-document";

describe("invalidJsonOffset", () => {
  it("accepts what JSON.parse accepts and points at the first bad character otherwise", () => {
    for (const good of ['{"a": [1, -2.5e3, true, false, null, "x\\"y"]}', "[]", " 3 ", '"s"']) {
      expect(invalidJsonOffset(good), good).toBe(-1);
    }
    expect(invalidJsonOffset('{"a": 1,}')).toBe(8);
    expect(invalidJsonOffset("[1 2]")).toBe(3);
    expect(invalidJsonOffset('{"a": tru}')).toBe(6);
    expect(invalidJsonOffset('{"a": "open')).toBe(11);
    expect(invalidJsonOffset("[1] x")).toBe(4);
  });

  it("stops at nesting deeper than the limit instead of overflowing the stack", () => {
    expect(invalidJsonOffset(`{"a": ${"[".repeat(100_000)}`)).toBe(6 + 63);
    expect(invalidJsonOffset(`${"[".repeat(64)}${"]".repeat(64)}`)).toBe(-1);
  });
});

describe("splitJsonDocument", () => {
  it("returns each element of a pretty-printed array with the line it starts on", () => {
    const text = '[\n  {"id": "a",\n   "n": [1, 2]},\n  {"id": "b, ]", "s": "x\\"}"}\n  ,  3\n]\n';
    expect(splitJsonDocument(text)).toEqual([
      { line: 2, record: 1, pointer: "/0", value: { id: "a", n: [1, 2] } },
      { line: 4, record: 2, pointer: "/1", value: { id: "b, ]", s: 'x"}' } },
      { line: 5, record: 3, pointer: "/2", value: 3 },
    ]);
  });

  it("returns a single object as one record, after a byte-order mark and blank lines", () => {
    expect(splitJsonDocument('\uFEFF\n\n{"id": "Q1"}')).toEqual([{ line: 3, record: 1, value: { id: "Q1" } }]);
  });

  it("reports a broken element on its own line and keeps the others", () => {
    const records = splitJsonDocument('[\n{"a": 1},\n{"a": },\n{"a": 3}\n]');
    expect(records[0]).toEqual({ line: 2, record: 1, pointer: "/0", value: { a: 1 } });
    expect(records[1]).toMatchObject({ line: 3, record: 2, pointer: "/1", error: expect.stringMatching(/^Invalid JSON/) as string });
    expect(records[2]).toEqual({ line: 4, record: 3, pointer: "/2", value: { a: 3 } });
  });

  it("reports the line inside a broken single object", () => {
    const [record] = splitJsonDocument('{\n  "a": 1,\n  "b": \n}');
    expect(record).toEqual({ line: 4, record: 1, error: expect.stringMatching(/^Invalid JSON near "}"/) as string });
    const [unquoted] = splitJsonDocument('{\n  "a": [1, 2,\n  3],\n  b: 2\n}');
    expect(unquoted).toMatchObject({ line: 4 });
  });

  it("reports an unclosed array and trailing text", () => {
    expect(splitJsonDocument('[{"a": 1}').at(-1)).toEqual({ line: 1, record: null, error: "Invalid JSON: the array is not closed with ]" });
    expect(splitJsonDocument('[1]\nx').at(-1)).toEqual({ line: 2, record: null, error: "Invalid JSON: text after the closing ]" });
    expect(splitJsonDocument("[1,,2]")).toContainEqual({ line: 1, record: null, error: "Invalid JSON: a comma with no element before it" });
    expect(splitJsonDocument("[1,\n]")).toContainEqual({ line: 2, record: null, error: "Invalid JSON: a comma before the closing ]" });
  });

  it("returns nothing for an empty document or an empty array", () => {
    expect(splitJsonDocument("  \n")).toEqual([]);
    expect(splitJsonDocument("[ ]")).toEqual([]);
  });
});

describe("JsonArrayReader", () => {
  const audit = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ scenario_id: `Q${i % 7}`, model_id: "m", rep_id: i, critical_action_results: Array(1 + (i % 7)).fill("hit"), note: "a \\ \" , ] } [ {" }));

  it("names every record of a one-line array by its number and pointer, all on line 1", () => {
    const rows = audit(5);
    const records = splitJsonDocument(JSON.stringify(rows));
    expect(records).toEqual(rows.map((value, i) => ({ line: 1, record: i + 1, pointer: `/${i}`, value })));
  });

  it("names two bad records on one line separately", () => {
    const records = splitJsonDocument('[{"id":"a"},{"id":},{"id":"c"},{"id" "d"}]');
    expect(records.map((r) => ("error" in r ? { record: r.record, pointer: r.pointer, line: r.line } : null))).toEqual([
      null,
      { record: 2, pointer: "/1", line: 1 },
      null,
      { record: 4, pointer: "/3", line: 1 },
    ]);
  });

  it("reads the same records whatever the chunks the body arrives in", () => {
    const text = JSON.stringify(audit(40), null, 1);
    const whole = splitJsonDocument(text);
    for (const size of [1, 3, 64, 1000]) {
      const reader = new JsonArrayReader();
      const records = [];
      for (let i = 0; i < text.length; i += size) records.push(...reader.push(text.slice(i, i + size)));
      records.push(...reader.end());
      expect(records, `chunks of ${size}`).toEqual(whole);
    }
  });

  it("finds where each element starts past escaped quotes, backslashes and newlines, whatever the chunks", () => {
    const texts = ["ends with a backslash \\", 'a "quoted" word', "line\nbreak\r\ttab", '\\"', "—é ü 😀", "", "] } , [ {"];
    const rows = Array.from({ length: 30 }, (_, i) => ({ id: `S${i}`, text: texts[i % texts.length], nested: { list: [texts[(i + 3) % texts.length], i] } }));
    const text = JSON.stringify(rows, null, 2);
    // Independently of the reader: each element of this pretty-printed array starts on a line "  {".
    const starts = text.split("\n").flatMap((line, i) => (line === "  {" ? [i + 1] : []));
    const expected = rows.map((value, i) => ({ line: starts[i], record: i + 1, pointer: `/${i}`, value }));
    for (const size of [1, 2, 5, 17, 4096]) {
      const reader = new JsonArrayReader();
      const records = [];
      for (let i = 0; i < text.length; i += size) records.push(...reader.push(text.slice(i, i + size)));
      records.push(...reader.end());
      expect(records, `chunks of ${size}`).toEqual(expected);
    }
  });

  it("keeps counting lines through a raw newline inside a string", () => {
    const text = '[{"a": "x\ny"},\n{"b": 1}]';
    for (const size of [1, 2, 3, 5, 100]) {
      const reader = new JsonArrayReader();
      const records = [];
      for (let i = 0; i < text.length; i += size) records.push(...reader.push(text.slice(i, i + size)));
      records.push(...reader.end());
      expect(records[0], `chunks of ${size}`).toMatchObject({ record: 1, pointer: "/0" });
      expect(records[0] && "error" in records[0], `chunks of ${size}`).toBe(true);
      expect(records[1], `chunks of ${size}`).toEqual({ line: 3, record: 2, pointer: "/1", value: { b: 1 } });
    }
  });

  // The work (characters scanned plus characters parsed) is counted, not timed: it must grow
  // with the body, not with the body times the number of records.
  it.each([
    ["one line", (rows: unknown[]) => JSON.stringify(rows)],
    ["pretty-printed", (rows: unknown[]) => JSON.stringify(rows, null, 2)],
  ])("does work linear in the body (%s)", (_, format) => {
    const workPerChar = (n: number) => {
      const text = format(audit(n));
      const reader = new JsonArrayReader();
      let count = 0;
      for (let i = 0; i < text.length; i += 65_536) for (const r of reader.push(text.slice(i, i + 65_536))) if ("value" in r) count++;
      for (const r of reader.end()) if ("value" in r) count++;
      expect(count).toBe(n);
      return reader.work / text.length;
    };
    const small = workPerChar(1_000);
    const large = workPerChar(20_000);
    // Each character: the scan, at most one search for each of the three a string stops at, and JSON.parse.
    expect(small).toBeLessThanOrEqual(5);
    expect(large).toBeLessThanOrEqual(5);
    expect(Math.abs(large - small)).toBeLessThan(0.01);
  });

  // An answer's text is full of escapes (\n above all): the scan must not search the rest of the
  // string again from each of them, which would make the work grow with the string's length squared.
  it("does work linear in a string's length however many escapes it holds", () => {
    const workPerChar = (escapes: number) => {
      const text = JSON.stringify([{ response: "line\n".repeat(escapes) + 'a "quoted" \\ end' }]);
      const reader = new JsonArrayReader();
      const records = [...reader.push(text), ...reader.end()];
      expect(records).toHaveLength(1);
      return reader.work / text.length;
    };
    const short = workPerChar(100);
    const long = workPerChar(50_000);
    expect(long).toBeLessThanOrEqual(5);
    expect(Math.abs(long - short)).toBeLessThan(0.1);
  });
});
