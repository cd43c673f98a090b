import { describe, expect, it } from "vitest";
import { CHANGE_REASON_MAX, physicianRatingSchema } from "./schemas";

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
