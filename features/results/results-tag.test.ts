import { describe, expect, it } from "vitest";
import { ifNoneMatchHits, resultsTag } from "./results-tag";

const STUDY = "0190a6c4-0000-7000-8000-000000000001";

describe("resultsTag", () => {
  it("is one tag for one filter however it is spelled, and another for another filter, study or version", () => {
    const tag = resultsTag(STUDY, 7n, { model: "m-a", category: "c" });
    expect(tag).toMatch(/^W\/"7-[\w-]{22}"$/);
    expect(resultsTag(STUDY, 7n, { category: "c", model: "m-a", framing: undefined })).toBe(tag);
    expect(resultsTag(STUDY, 8n, { model: "m-a", category: "c" })).not.toBe(tag);
    expect(resultsTag(STUDY, 7n, { model: "m-a" })).not.toBe(tag);
    expect(resultsTag(STUDY, 7n, { model: "m-b", category: "c" })).not.toBe(tag);
    expect(resultsTag(STUDY.replace(/1$/, "2"), 7n, { model: "m-a", category: "c" })).not.toBe(tag);
    expect(resultsTag(STUDY, 7n, { models: ["a", "b"] })).not.toBe(resultsTag(STUDY, 7n, { excludeModels: ["a", "b"] }));
  });
});

describe("ifNoneMatchHits", () => {
  const tag = resultsTag(STUDY, 3n, {});
  it("matches the tag weakly, in a list, or *", () => {
    expect(ifNoneMatchHits(tag, tag)).toBe(true);
    expect(ifNoneMatchHits(tag.replace(/^W\//, ""), tag)).toBe(true);
    expect(ifNoneMatchHits(`"other", ${tag}`, tag)).toBe(true);
    expect(ifNoneMatchHits("*", tag)).toBe(true);
  });
  it("does not match no header, another tag or a tag of another version", () => {
    expect(ifNoneMatchHits(null, tag)).toBe(false);
    expect(ifNoneMatchHits('W/"other"', tag)).toBe(false);
    expect(ifNoneMatchHits(resultsTag(STUDY, 4n, {}), tag)).toBe(false);
  });
});
