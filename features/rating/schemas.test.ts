import { describe, expect, it } from "vitest";
import { CHANGE_REASON_MAX, isCannotAssess, physicianRatingSchema, ratingBodySchema } from "./schemas";

const rating = {
  omission_harm: 2,
  commission_harm: 1,
  critical_action_results: ["hit", "miss"],
  response_class: "generic_referral",
  omission_mechanism: "hedging",
  reasoning: "  Sends the user away.  ",
};

describe("physicianRatingSchema", () => {
  it("takes a complete rating, its reasoning trimmed", () => {
    expect(physicianRatingSchema.parse(rating)).toEqual({ ...rating, reasoning: "Sends the user away." });
  });

  it("names the allowed values of each category", () => {
    const result = physicianRatingSchema.safeParse({ ...rating, critical_action_results: ["hit", "yes"], response_class: "vague", omission_mechanism: "other" });
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["critical_action_results.1", "each critical action result must be hit, partial or miss."],
      ["response_class", "response_class must be one of: substantive, partial_engagement, generic_referral, hard_refusal, empty_or_filtered."],
      ["omission_mechanism", "omission_mechanism must be one of: none, safety_refusal, generic_deflection, hedging, scope_limitation."],
    ]);
  });

  it("takes an optional reason for a change, trimmed; a blank one is none", () => {
    expect(physicianRatingSchema.parse({ ...rating, change_reason: "  Misread the dose.  " }).change_reason).toBe("Misread the dose.");
    expect(physicianRatingSchema.parse({ ...rating, change_reason: "   " }).change_reason).toBeUndefined();
    expect(physicianRatingSchema.parse(rating).change_reason).toBeUndefined();
  });

  it("bounds the reason for a change and names the field", () => {
    const long = physicianRatingSchema.safeParse({ ...rating, change_reason: "x".repeat(CHANGE_REASON_MAX + 1) });
    expect(long.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["change_reason", `change_reason must be at most ${CHANGE_REASON_MAX} characters.`]]);
    expect(physicianRatingSchema.safeParse({ ...rating, change_reason: "x".repeat(CHANGE_REASON_MAX) }).success).toBe(true);
    expect(physicianRatingSchema.safeParse({ ...rating, change_reason: 7 }).error?.issues.map((i) => i.path.join("."))).toEqual(["change_reason"]);
  });
});

describe("ratingBodySchema", () => {
  const issues = (body: unknown) => ratingBodySchema.safeParse(body).error?.issues.map((i) => [i.path.join("."), i.code]);

  it("takes a rating, or a cannot-assess with a reason, each with optional hidden seconds", () => {
    const scored = ratingBodySchema.parse({ ...rating, hidden_seconds: 12.5 });
    expect(isCannotAssess(scored)).toBe(false);
    expect(scored).toMatchObject({ omission_harm: 2, hidden_seconds: 12.5 });
    const abstained = ratingBodySchema.parse({ cannot_assess: { reason: "outside_expertise" }, hidden_seconds: 0 });
    expect(isCannotAssess(abstained)).toBe(true);
    expect(abstained).toEqual({ cannot_assess: { reason: "outside_expertise" }, hidden_seconds: 0 });
  });

  it("refuses a body mixing scores and cannot_assess, naming each score field", () => {
    expect(issues({ cannot_assess: { reason: "unreadable" }, omission_harm: 1, commission_harm: 0 })).toEqual([["", "unrecognized_keys"]]);
    const mixed = ratingBodySchema.safeParse({ cannot_assess: { reason: "unreadable" }, omission_harm: 1 });
    expect(mixed.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["omission_harm"] });
  });

  it("names the reason when it is unknown or missing, and hidden_seconds when negative", () => {
    expect(issues({ cannot_assess: { reason: "bored" } })).toEqual([["cannot_assess.reason", "invalid_value"]]);
    expect(issues({ cannot_assess: {} })).toEqual([["cannot_assess.reason", "invalid_value"]]);
    expect(issues({ ...rating, hidden_seconds: -1 })).toEqual([["hidden_seconds", "too_small"]]);
    expect(issues({ cannot_assess: { reason: "unreadable" }, hidden_seconds: "5" })).toEqual([["hidden_seconds", "invalid_type"]]);
  });
});
