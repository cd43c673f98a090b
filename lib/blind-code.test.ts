import { describe, expect, it } from "vitest";
import { newBlindCode } from "./blind-code";

describe("blind codes", () => {
  it("are opaque R-XXXX-XXXX-XXXX codes without look-alike letters", () => {
    const codes = Array.from({ length: 2000 }, newBlindCode);
    for (const code of codes) expect(code).toMatch(/^R(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("draw every character of the alphabet equally often at every position", () => {
    const codes = Array.from({ length: 32_000 }, () => newBlindCode().replace(/-/g, "").slice(1));
    const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    for (let position = 0; position < 12; position++) {
      const counts = new Map<string, number>();
      for (const code of codes) counts.set(code.charAt(position), (counts.get(code.charAt(position)) ?? 0) + 1);
      expect([...counts.keys()].sort().join("")).toBe(alphabet);
      // 1,000 expected each; a fair draw strays by ~31 (one standard deviation).
      for (const count of counts.values()) expect(Math.abs(count - 1000)).toBeLessThan(250);
    }
  });
});
