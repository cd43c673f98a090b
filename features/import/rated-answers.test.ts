import { describe, expect, it } from "vitest";
import { ratedAnswersError, ratedAnswersMessage, ratedAnswersSummary } from "./rated-answers";

describe("the rated-answers refusal", () => {
  it("is a 409 naming every answer, whose message states the counts the Import page reads back", () => {
    const error = ratedAnswersError({ answers: 2, ratings: 3 }, [
      { file: "a.ndjson", line: 1, message: "The answer (S1, m, 1) has 2 ratings" },
      { file: "a.ndjson", line: 3, message: "The answer (S2, m, 1) has 1 rating" },
    ]);
    expect(error.status).toBe(409);
    expect(error.code).toBe("answers_rated");
    expect(error.details.map((d) => [d.line, d.field])).toEqual([[1, "replace"], [3, "replace"]]);
    expect(error.message).toMatch(/^The upload would replace 2 answers that have 3 ratings; nothing was imported/);
    expect(ratedAnswersSummary(error.message)).toEqual({ answers: 2, ratings: 3 });
  });

  it("reads singular counts and nothing from other messages", () => {
    expect(ratedAnswersSummary(ratedAnswersMessage({ answers: 1, ratings: 1 }))).toEqual({ answers: 1, ratings: 1 });
    expect(ratedAnswersSummary("The upload conflicts with stored data in 1 problem")).toBeNull();
  });
});
