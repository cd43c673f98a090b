import { describe, expect, it } from "vitest";
import { SeenKeys } from "./seen-keys";
import { uuidV7 } from "./uuid-v7";

describe("SeenKeys", () => {
  it("tells a key seen before from a new one, naming where it first appeared, across many growths of its table", () => {
    const seen = new SeenKeys();
    const keys = Array.from({ length: 50_000 }, (_, i) => `S${i % 97}\u0000model-${i % 7}\u0000${Math.floor(i / 679)}`);
    const distinct = new Map<string, number>();
    keys.forEach((key, i) => {
      const first = seen.see(key, { file: i % 3, record: i + 1, line: i + 2 });
      const expected = distinct.get(key);
      if (expected === undefined) {
        expect(first).toBeNull();
        distinct.set(key, i);
      } else {
        expect(first).toEqual({ file: expected % 3, record: expected + 1, line: expected + 2 });
      }
    });
    expect(seen.size).toBe(distinct.size);
  });

  it("keeps keys apart that differ only in where their parts split", () => {
    const seen = new SeenKeys();
    expect(seen.see("ab\u0000c\u00001", { file: 0, record: 1, line: 1 })).toBeNull();
    expect(seen.see("a\u0000bc\u00001", { file: 0, record: 2, line: 2 })).toBeNull();
    expect(seen.see("ab\u0000c\u00001", { file: 0, record: 3, line: 3 })).toEqual({ file: 0, record: 1, line: 1 });
  });
});

describe("uuidV7", () => {
  it("makes version 7 ids stamped with the current millisecond, each later one sorting after", () => {
    const from = Date.now();
    const ids = Array.from({ length: 20_000 }, () => uuidV7());
    const to = Date.now();
    for (const id of ids) {
      const hex = id.replaceAll("-", "");
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const stamped = parseInt(hex.slice(0, 12), 16);
      expect(stamped).toBeGreaterThanOrEqual(from);
      // 4,096 ids a millisecond at most: a burst may borrow the next few milliseconds.
      expect(stamped).toBeLessThanOrEqual(to + ids.length / 4096 + 1);
    }
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
