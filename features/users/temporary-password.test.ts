import { describe, expect, it } from "vitest";
import { passwordProblem } from "@/lib/auth/password-rule";
import { temporaryPassword } from "./temporary-password";

describe("a temporary password", () => {
  it("is four groups of four unambiguous characters that keep the password rule", () => {
    for (let i = 0; i < 200; i++) {
      const password = temporaryPassword();
      expect(password).toMatch(/^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}$/);
      expect(passwordProblem(password)).toBeNull();
    }
  });

  it("is different every time", () => {
    const seen = new Set(Array.from({ length: 1000 }, () => temporaryPassword()));
    expect(seen.size).toBe(1000);
  });
});
