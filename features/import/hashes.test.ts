import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "@/lib/content-hash";
import { responseContentHash } from "./hashes";
import { responseRowSchema } from "./schemas";

// The hash stored with every answer: a re-import is "unchanged" only if it is computed as it always was.
const expected = (row: Record<string, unknown>) =>
  createHash("sha256")
    .update(JSON.stringify([row.scenario_id, row.model_id, row.rep_id, row.response, row.output_tokens ?? null, row.content_filtered ?? false]) + canonicalJson(row.metadata ?? {}))
    .digest("hex");

describe("responseContentHash", () => {
  it.each([
    ["no metadata", undefined],
    ["keys in order", { a: 1, b: "x", c: null, d: true }],
    ["keys out of order", { temperature: 0.7, model: "m", a: [3, 1] }],
    ["nested objects out of order inside ordered ones", { a: { z: 1, y: 2 }, b: [{ d: 1, c: 2 }] }],
    ["integer-like keys", { 10: "ten", 2: "two", a: { 1: 1, b: 0 } }],
    ["unicode keys and values", { "é": "ü", e: "\u2028", Z: -0 }],
  ])("is the hash of the row and its canonical metadata: %s", (_name, metadata) => {
    const raw = { scenario_id: "S1", model_id: "m", rep_id: 3, response: "Text \"quoted\"\nline", output_tokens: 12, metadata };
    const row = responseRowSchema.parse(raw);
    expect(responseContentHash(row)).toBe(expected(raw));
  });
});

describe("responseContentHash of the answer's text", () => {
  it.each([
    ["plain ASCII", "Call emergency services and apply pressure."],
    ["empty", ""],
    ["quotes and backslashes", 'He said "stop" \\ then left'],
    ["newlines, tabs, carriage returns", "a\nb\tc\r\nd"],
    ["every control character", Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join("")],
    ["DEL and U+2028/U+2029 (not escaped by JSON)", "\u007f\u2028\u2029"],
    ["accents and CJK", "é ü 中文 текст"],
    ["an emoji (a surrogate pair)", "pain 😣 score"],
    ["a lone high surrogate", "x\ud83dy"],
    ["a lone low surrogate at the end", "x\ude00"],
    ["a long text", "word ".repeat(2000)],
  ])("is the hash of the row as JSON: %s", (_name, response) => {
    for (const extra of [{}, { output_tokens: null, content_filtered: true }, { output_tokens: 0, metadata: { b: 1, a: "\"" } }]) {
      const raw = { scenario_id: "S\"1", model_id: "m\\", rep_id: 0, response, ...extra };
      expect(responseContentHash(responseRowSchema.parse(raw))).toBe(expected(raw));
    }
  });
});
