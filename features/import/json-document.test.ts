import { describe, expect, it } from "vitest";
import { invalidJsonOffset, splitJsonDocument } from "./json-document";

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
      { line: 2, value: { id: "a", n: [1, 2] } },
      { line: 4, value: { id: "b, ]", s: 'x"}' } },
      { line: 5, value: 3 },
    ]);
  });

  it("returns a single object as one record, after a byte-order mark and blank lines", () => {
    expect(splitJsonDocument('\uFEFF\n\n{"id": "Q1"}')).toEqual([{ line: 3, value: { id: "Q1" } }]);
  });

  it("reports a broken element on its own line and keeps the others", () => {
    const records = splitJsonDocument('[\n{"a": 1},\n{"a": },\n{"a": 3}\n]');
    expect(records[0]).toEqual({ line: 2, value: { a: 1 } });
    expect(records[1]).toMatchObject({ line: 3, error: expect.stringMatching(/^Invalid JSON/) as string });
    expect(records[2]).toEqual({ line: 4, value: { a: 3 } });
  });

  it("reports the line inside a broken single object", () => {
    const [record] = splitJsonDocument('{\n  "a": 1,\n  "b": \n}');
    expect(record).toEqual({ line: 4, error: expect.stringMatching(/^Invalid JSON near "}"/) as string });
    const [unquoted] = splitJsonDocument('{\n  "a": [1, 2,\n  3],\n  b: 2\n}');
    expect(unquoted).toMatchObject({ line: 4 });
  });

  it("reports an unclosed array and trailing text", () => {
    expect(splitJsonDocument('[{"a": 1}').at(-1)).toEqual({ line: 1, error: "Invalid JSON: the array is not closed with ]" });
    expect(splitJsonDocument('[1]\nx').at(-1)).toEqual({ line: 2, error: "Invalid JSON: text after the closing ]" });
  });

  it("returns nothing for an empty document or an empty array", () => {
    expect(splitJsonDocument("  \n")).toEqual([]);
    expect(splitJsonDocument("[ ]")).toEqual([]);
  });
});
