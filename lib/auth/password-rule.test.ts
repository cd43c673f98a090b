import { describe, expect, it } from "vitest";
import { COMMON_PASSWORDS } from "./common-passwords";
import { MAX_PASSWORD_BYTES, PASSWORD_RULE, passwordMatchesEmail, passwordProblem } from "./password-rule";

describe("the password rule", () => {
  it("takes a password of 10 characters up to 72 bytes that is not well known", () => {
    expect(passwordProblem("correct horse battery")).toBeNull();
    expect(passwordProblem("x".repeat(MAX_PASSWORD_BYTES))).toBeNull();
  });

  it("refuses one shorter than 10 characters", () => {
    expect(passwordProblem("short")).toBe("The password needs at least 10 characters.");
  });

  it("refuses one over 72 bytes, which bcrypt would silently cut, saying the limit", () => {
    expect(passwordProblem("x".repeat(73))).toBe(
      "The password may be at most 72 bytes (a letter with an accent counts 2, an emoji 4); this one has 73.",
    );
    // 40 characters, 80 bytes: the limit is in bytes, as bcrypt counts.
    expect(passwordProblem("é".repeat(40))).toMatch(/at most 72 bytes.*this one has 80\.$/);
  });

  it("refuses the best-known passwords whatever their case", () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThan(300);
    for (const common of ["password123", "Qwertyuiop", "1234567890", "ILOVEYOU123", "1q2w3e4r5t"]) {
      expect(passwordProblem(common), common).toBe("This is one of the best-known passwords; choose another.");
    }
  });

  it("refuses the account's email or the part before the @, whatever the case", () => {
    expect(passwordMatchesEmail("Dr.Jane.Roe@Clinic.example", "dr.jane.roe@clinic.example")).toBe(true);
    expect(passwordMatchesEmail("DR.JANE.ROE", "dr.jane.roe@clinic.example")).toBe(true);
    expect(passwordMatchesEmail("dr.jane.roe!", "dr.jane.roe@clinic.example")).toBe(false);
    expect(passwordMatchesEmail("anything at all", "not-an-email")).toBe(false);
  });

  it("is stated in one sentence that names every limit", () => {
    expect(PASSWORD_RULE).toContain("10 characters");
    expect(PASSWORD_RULE).toContain("72 bytes");
    expect(PASSWORD_RULE).toContain("well-known password");
    expect(PASSWORD_RULE).toContain("email address");
  });
});
