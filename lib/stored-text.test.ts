import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, nulFieldErrors, unstorableParts } from "./stored-text";

const nested = (depth: number): unknown => {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

describe("unstorableParts", () => {
  it("names every string and key holding U+0000 by its path", () => {
    const value = { name: "ok", filter: { models: ["a", "b\u0000"] }, ["k\u0000"]: 1, notes: [{ text: "\u0000" }] };
    expect(unstorableParts(value).map((p) => p.field)).toEqual(["filter.models.1", "k\\u0000", "notes.0.text"]);
    expect(unstorableParts(value)[0]?.message).toBe("filter.models.1 contains a NUL character (U+0000), which cannot be stored; remove it.");
    expect(unstorableParts("a\u0000")).toEqual([{ field: "", message: expect.stringContaining("U+0000") as string }]);
    expect(unstorableParts({ a: 1, b: [true, null, "x"] })).toEqual([]);
  });

  it("names a top-level field nested deeper than the limit once, at any depth, without overflowing", () => {
    expect(unstorableParts({ metadata: nested(MAX_JSON_DEPTH - 1) })).toEqual([]);
    expect(unstorableParts({ metadata: nested(MAX_JSON_DEPTH), ok: 1 })).toEqual([{ field: "metadata", message: `metadata is nested deeper than ${MAX_JSON_DEPTH} levels.` }]);
    expect(unstorableParts({ a: [nested(100_000), nested(100_000)] }).map((p) => p.field)).toEqual(["a"]);
  });
});

describe("nulFieldErrors", () => {
  it("names the form fields holding U+0000, a repeated field by any of its values", () => {
    expect(nulFieldErrors({ name: "Study\u0000", description: "fine", raters: ["a@x", "b\u0000@x"] })).toEqual({
      name: expect.stringContaining("U+0000") as string,
      raters: expect.stringContaining("U+0000") as string,
    });
    expect(nulFieldErrors({ name: "fine" })).toEqual({});
  });
});
