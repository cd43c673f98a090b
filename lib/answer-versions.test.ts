import { describe, expect, it } from "vitest";
import { earlierVersionsOrDefault, earlierVersionsSchema, isEarlierVersion, ratingCounts } from "./answer-versions";

describe("answer versions", () => {
  it("counts a rating of the current text always, an earlier text's only when asked", () => {
    expect(ratingCounts(2, 2, "exclude")).toBe(true);
    expect(ratingCounts(1, 2, "exclude")).toBe(false);
    expect(ratingCounts(1, 2, "include")).toBe(true);
    expect(isEarlierVersion(1, 2)).toBe(true);
    expect(isEarlierVersion(2, 2)).toBe(false);
  });

  it("excludes earlier versions unless the filter says include, and names the parameter on bad input", () => {
    expect(earlierVersionsOrDefault(earlierVersionsSchema.parse(undefined))).toBe("exclude");
    expect(earlierVersionsOrDefault(earlierVersionsSchema.parse("exclude"))).toBe("exclude");
    expect(earlierVersionsSchema.parse("include")).toBe("include");
    const bad = earlierVersionsSchema.safeParse("all");
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe("earlierVersions must be include or exclude.");
  });
});
