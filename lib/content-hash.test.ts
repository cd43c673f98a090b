import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, contentHash } from "./content-hash";

describe("content hash", () => {
  it("ignores key order at every depth but not array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(contentHash({ a: 1, b: [1, 2] })).toBe(contentHash({ b: [1, 2], a: 1 }));
    expect(contentHash({ a: 1, b: [1, 2] })).not.toBe(contentHash({ a: 1, b: [2, 1] }));
  });

  it("is the SHA-256 of the canonical JSON", () => {
    expect(contentHash({ b: 2, a: 1 })).toBe(createHash("sha256").update('{"a":1,"b":2}').digest("hex"));
  });
});
