import { describe, expect, it } from "vitest";
import { MAX_ID_LENGTH, plainResponseRow, responseRowSchema } from "./schemas";

// plainResponseRow stands in for responseRowSchema on the rows it accepts: it must give zod's
// output exactly, never accept a row zod refuses, and accept the ordinary rows of an import.

/** A small seeded generator, so a failure names a row that can be made again. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ABSENT = Symbol("absent");
const long = (n: number) => "x".repeat(n);

// For each field: values zod accepts, values it refuses, and edge cases between.
const IDS = ["Q1", " Q1 ", "\tQ1\n", "", "   ", "\u00a0", "\ufeffQ1", long(MAX_ID_LENGTH), long(MAX_ID_LENGTH + 1), ` ${long(MAX_ID_LENGTH)} `, "a\u0000b", "é—ü", 7, null, true, [], {}, ABSENT];
const WHOLE = [0, 1, 3, 350, 2_147_483_647, 2_147_483_648, -1, -0, 1.5, 1e300, -1e300, Number.NaN, Number.POSITIVE_INFINITY, "1", "", null, true, [1], ABSENT];
const TEXTS = ["x", "", "line\nline\ttab \\ back", "\u0000", "\ud800", "\"quoted\"", long(100_000), 5, null, false, ["x"], ABSENT];
const FLAGS = [true, false, undefined, null, "true", 0, 1, ABSENT];
const protoKey = () => JSON.parse('{"__proto__": {"a": 1}, "b": 2}') as unknown;
const METADATA = [
  () => ({}),
  () => ({ temperature: 0.7 }),
  () => ({ b: 1, a: { z: [1, { y: null }] }, 10: "ten", 2: "two" }),
  () => ({ nested: JSON.parse('{"__proto__": 1}') as unknown }),
  protoKey,
  () => Object.create(null) as unknown,
  () => [],
  () => null,
  () => "{}",
  () => 1,
  () => undefined,
  () => new Date(0),
  () => ABSENT,
];
const TOPS = [() => null, () => [], () => "row", () => 1, () => Object.create(null) as Record<string, unknown>, () => ({}) as Record<string, unknown>];

function pick<T>(next: () => number, values: readonly T[]): T {
  return values[Math.floor(next() * values.length)] as T;
}

/** A row that is mostly valid, with each field drawn from its list one time in three. */
function generated(next: () => number): unknown {
  const top = next() < 0.05 ? pick(next, TOPS)() : {};
  if (typeof top !== "object" || top === null || Array.isArray(top)) return top;
  const row = top;
  const set = (key: string, value: unknown) => {
    if (value !== ABSENT) row[key] = value;
  };
  const field = <T>(valid: T, values: readonly T[]) => (next() < 0.33 ? pick(next, values) : valid);
  set("scenario_id", field<unknown>(`S${Math.floor(next() * 60)}`, IDS));
  set("model_id", field<unknown>("gamma", IDS));
  set("rep_id", field<unknown>(Math.floor(next() * 10), WHOLE));
  set("response", field<unknown>("An answer.\nWith lines.", TEXTS));
  set("output_tokens", field<unknown>(ABSENT, WHOLE));
  set("content_filtered", field<unknown>(ABSENT, FLAGS));
  set("metadata", field(() => ABSENT as unknown, METADATA)());
  if (next() < 0.2) row.extra = { unknown: "field" };
  if (next() < 0.05) row.output_tokens = undefined;
  return row;
}

/** What the plain path leaves to zod although zod accepts it: objects zod copies differently. */
const leftToZod = (value: unknown) => {
  const metadata = (value as { metadata?: unknown }).metadata;
  return typeof metadata === "object" && metadata !== null && (Object.getPrototypeOf(metadata) !== Object.prototype || Object.hasOwn(metadata, "__proto__"));
};

describe("plainResponseRow", () => {
  it("gives zod's output for every row it accepts, refuses every row zod refuses, and accepts the others", () => {
    const next = random(20261207);
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < 20_000; i++) {
      const value = generated(next);
      const zod = responseRowSchema.safeParse(value);
      const plain = plainResponseRow(value);
      const seen = `row ${i}: ${(JSON.stringify(value) as string | undefined)?.slice(0, 300) ?? "undefined"}`;
      if (!zod.success) {
        expect(plain, seen).toBeNull();
        refused++;
        continue;
      }
      if (leftToZod(value)) {
        expect(plain, seen).toBeNull();
        continue;
      }
      expect(plain, seen).not.toBeNull();
      expect(plain, seen).toStrictEqual(zod.data);
      accepted++;
    }
    // Both sides of the contract were exercised many times.
    expect(accepted).toBeGreaterThan(2_000);
    expect(refused).toBeGreaterThan(2_000);
  });

  it.each([
    ["a NUL inside an id or the text (refused later as unstorable, not by the schema)", { scenario_id: "a\u0000b", model_id: "m", rep_id: 0, response: "\u0000" }],
    ["an id of exactly the longest length after trimming", { scenario_id: ` ${long(MAX_ID_LENGTH)} `, model_id: "m", rep_id: 0, response: "" }],
    ["the largest repetition and token count", { scenario_id: "Q", model_id: "m", rep_id: 2_147_483_647, response: "x", output_tokens: 2_147_483_647 }],
    ["null output tokens and unknown fields", { scenario_id: "Q", model_id: "m", rep_id: 0, response: "x", output_tokens: null, model_name: "kept out" }],
  ])("accepts as zod does: %s", (_name, value) => {
    expect(plainResponseRow(value)).toStrictEqual(responseRowSchema.parse(value));
  });

  it.each([
    ["an id over the longest length", { scenario_id: long(MAX_ID_LENGTH + 1), model_id: "m", rep_id: 0, response: "x" }],
    ["a blank id", { scenario_id: "  ", model_id: "m", rep_id: 0, response: "x" }],
    ["a repetition out of range", { scenario_id: "Q", model_id: "m", rep_id: 2_147_483_648, response: "x" }],
    ["a negative repetition", { scenario_id: "Q", model_id: "m", rep_id: -1, response: "x" }],
    ["a fractional token count", { scenario_id: "Q", model_id: "m", rep_id: 0, response: "x", output_tokens: 1.5 }],
    ["a repetition given as text", { scenario_id: "Q", model_id: "m", rep_id: "1", response: "x" }],
    ["a text that is not a string", { scenario_id: "Q", model_id: "m", rep_id: 0, response: 5 }],
    ["content_filtered null", { scenario_id: "Q", model_id: "m", rep_id: 0, response: "x", content_filtered: null }],
    ["metadata that is an array", { scenario_id: "Q", model_id: "m", rep_id: 0, response: "x", metadata: [] }],
    ["metadata null", { scenario_id: "Q", model_id: "m", rep_id: 0, response: "x", metadata: null }],
    ["no text", { scenario_id: "Q", model_id: "m", rep_id: 0 }],
  ])("refuses as zod does: %s", (_name, value) => {
    expect(responseRowSchema.safeParse(value).success).toBe(false);
    expect(plainResponseRow(value)).toBeNull();
  });
});
