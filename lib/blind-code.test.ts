import { describe, expect, it } from "vitest";
import { newBlindCode } from "./blind-code";

describe("blind codes", () => {
  it("are opaque R-XXXX-XXXX-XXXX codes without look-alike letters", () => {
    const codes = Array.from({ length: 2000 }, newBlindCode);
    for (const code of codes) expect(code).toMatch(/^R(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
