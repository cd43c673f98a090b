import { describe, expect, it } from "vitest";
import { sourceFiles } from "@/tests/support/source-files";
import { ratedAnswersMessage } from "./rated-answers";
import { wrongKindMessage } from "./record-shape";
import { scenario } from "@/tests/fixtures/study";
import { CONTROL_LABELS, pageWording, problemForPage } from "./page-wording";

const STUDY = "11111111-2222-3333-4444-555555555555";
/** An API parameter as a message names it: replace=true, ?rater=NAME, invalid=skip, dryRun=true. */
const API_PARAMETER = /\??\b(replace|invalid|dryRun|rater)=\w+/;

describe("pageWording", () => {
  it("names the Replace checkbox where the API says replace=true", () => {
    expect(pageWording("Scenario E1 differs from the stored one; send replace=true to replace it.")).toBe(
      `Scenario E1 differs from the stored one; tick “${CONTROL_LABELS.replace}” to replace it.`,
    );
    expect(pageWording("The upload conflicts with stored data in 3 problems; nothing was imported. Send replace=true to replace the stored versions.")).toBe(
      `The upload conflicts with stored data in 3 problems; nothing was imported. Tick “${CONTROL_LABELS.replace}” to replace the stored versions.`,
    );
  });

  it("names the checkbox and the confirmation where the API says replace=rated", () => {
    const message = pageWording(ratedAnswersMessage({ answers: 2, ratings: 3 }));
    expect(message).toContain(`Tick “${CONTROL_LABELS.replace}” and confirm “${CONTROL_LABELS.confirmRated}” to replace them: their ratings are kept`);
    expect(pageWording("The answer (S1, m, 0) has 2 ratings of its current text; send replace=rated to replace it (its ratings are kept, marked as given to version 1).")).toBe(
      `The answer (S1, m, 0) has 2 ratings of its current text; tick “${CONTROL_LABELS.replace}” and confirm “${CONTROL_LABELS.confirmRated}” to replace it (its ratings are kept, marked as given to version 1).`,
    );
  });

  it("names the Rater name box where the API says ?rater=", () => {
    expect(pageWording("Score of (Q1, m, 0): no rater for this score: name one with ?rater=NAME, or give the row a judge_model.")).toBe(
      `Score of (Q1, m, 0): no rater for this score: name one in “${CONTROL_LABELS.rater}”, or give the row a judge_model.`,
    );
    expect(problemForPage({ field: "rater", message: "rater must not be empty." })).toEqual({ field: "Rater name", message: "Rater name must not be empty." });
  });

  it("names the choice of what to import where the API names the route of another kind", () => {
    const api = wrongKindMessage("scores", scenario("Q1"), STUDY) ?? "";
    expect(api).toContain(`send it to POST /api/v1/studies/${STUDY}/scenarios`);
    expect(pageWording(api)).toMatch(/, not machine scores; choose “Scenarios” under “What to import”\.$/);
  });

  it("leaves a message without an API parameter as it is", () => {
    const plain = "There is no scenario Q9b in this study: import the scenarios first.";
    expect(pageWording(plain)).toBe(plain);
  });

  // Every message of the import feature that names an API parameter has page wording: a new one fails here.
  it("words every message of the import feature that names an API parameter", () => {
    const sentences = sourceFiles(["features/import"])
      .filter((file) => !/\.test\.ts$|\/(api|upload|page-wording)\.ts$/.test(file.path))
      .flatMap((file) =>
        file.text
          .split("\n")
          .filter((line) => !/^\s*(\/\/|\*|\/\*\*)/.test(line))
          // The sentence of a message literal that holds an API parameter.
          .flatMap((line) => [...line.matchAll(/[^'"`.;:]*\??\b(?:replace|invalid|dryRun|rater)=\w+[^'"`.;]*/g)].map((m) => ({ path: file.path, text: m[0].trim() }))),
      );
    expect(sentences.length).toBeGreaterThanOrEqual(6);
    for (const sentence of sentences) expect(pageWording(sentence.text), `${sentence.path}: ${sentence.text}`).not.toMatch(API_PARAMETER);
  });
});
