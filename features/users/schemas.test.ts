import { describe, expect, it } from "vitest";
import { newUserSchema } from "./schemas";

const user = { email: "dr.jane.roe@clinic.example", name: "Jane", role: "rater", password: "a long enough password" };
const passwordIssues = (password: string) =>
  newUserSchema.safeParse({ ...user, password }).error?.issues.filter((i) => i.path.join(".") === "password").map((i) => i.message) ?? [];

describe("a new user's password", () => {
  it("is taken when it keeps the rule", () => {
    expect(newUserSchema.safeParse(user).success).toBe(true);
  });

  it("is refused on the password field, with the reason, when it breaks the rule", () => {
    expect(passwordIssues("x".repeat(73))).toEqual([
      "The password may be at most 72 bytes (a letter with an accent counts 2, an emoji 4); this one has 73.",
    ]);
    expect(passwordIssues("Password123")).toEqual(["This is one of the best-known passwords; choose another."]);
    expect(passwordIssues("Dr.Jane.Roe")).toEqual(["The password must not be the email address or the part of it before the @."]);
    expect(passwordIssues("dr.jane.roe@clinic.example")).toEqual(["The password must not be the email address or the part of it before the @."]);
  });
});

describe("a new user with several problems", () => {
  it("reports every one at once, the password being the email's local part among them", () => {
    const issues = newUserSchema.safeParse({ ...user, name: " ", role: "boss", password: "dr.jane.roe" }).error?.issues ?? [];
    expect(issues.map((i) => i.path.join(".")).sort()).toEqual(["name", "password", "role"]);
    expect(issues.find((i) => i.path[0] === "password")?.message).toBe("The password must not be the email address or the part of it before the @.");
  });
});
