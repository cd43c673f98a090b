// Over real HTTP and PostgreSQL: a file of the wrong kind is refused with one problem saying
// what it looks like (nothing written), and the API's messages name its parameters while the
// Import page words the same messages with its own controls.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { type ApiErrorBody, newStudy, postImport, userWithToken } from "@/tests/integration/helpers";
import { answer, ndjson, scenario, score } from "@/tests/fixtures/study";
import { CONTROL_LABELS, pageWording, problemForPage } from "./page-wording";

let admin: Awaited<ReturnType<typeof userWithToken>>;
beforeAll(async () => {
  admin = await userWithToken("admin");
});

type Body = Record<string, unknown> & Partial<ApiErrorBody>;

const post = (studyId: string, kind: string, body: BodyInit, type: string | null, query = "") => postImport<Body>(admin.token, studyId, kind, body, type, query);

/** What the study holds, and its history entries that are not refusals. */
const holdings = async (studyId: string) => ({
  scenarios: await prisma.scenario.count({ where: { studyId } }),
  flagged: await prisma.criticalAction.count({ where: { scenario: { studyId }, NOT: { safetyColliding: null } } }),
  responses: await prisma.response.count({ where: { studyId } }),
  ratings: await prisma.rating.count({ where: { response: { studyId } } }),
  audit: await prisma.auditLog.count({ where: { studyId } }),
  succeeded: await prisma.importBatch.count({ where: { studyId, status: "succeeded" } }),
});

async function studyWithAnswers() {
  const study = await newStudy(admin, "Wrong kind study");
  expect((await post(study, "scenarios", JSON.stringify([scenario("S1"), scenario("S2")]), "application/json")).status).toBe(200);
  expect((await post(study, "responses", ndjson([answer("S1", "m", 0), answer("S2", "m", 0)]), "application/x-ndjson")).status).toBe(200);
  return study;
}

const manyScores = Array.from({ length: 3000 }, (_, i) => score(i % 2 ? "S1" : "S2", "m", i, 1, 0));

describe("a file of the wrong kind", () => {
  it("scores sent as answers, in one compact JSON array: one problem naming the scores route, nothing written", async () => {
    const study = await studyWithAnswers();
    const before = await holdings(study);
    const result = await post(study, "responses", JSON.stringify(manyScores), "application/json", "?filename=scores.json");
    expect(result.status).toBe(422);
    expect(result.body.error?.code).toBe("invalid");
    expect(result.body.error?.details).toEqual([
      {
        file: "scores.json",
        line: 1,
        record: 1,
        pointer: "/0",
        message: `This file looks like machine scores (scenario_id, model_id, rep_id, omission_harm, commission_harm …), not model answers; send it to POST /api/v1/studies/${study}/scores.`,
      },
    ]);
    expect(result.body.error?.message).toMatch(/^This file looks like machine scores .* Nothing was imported\.$/);
    expect(await holdings(study)).toEqual(before);
    // The refusal is in the history, with its one message.
    const entry = await prisma.importBatch.findFirstOrThrow({ where: { studyId: study }, orderBy: { createdAt: "desc" } });
    expect(entry.status).toBe("failed");
    expect((entry.errors as { details: unknown[] }).details).toHaveLength(1);
  });

  it("answers sent as scenarios (NDJSON), with invalid=skip too: one problem, nothing written", async () => {
    const study = await studyWithAnswers();
    const before = await holdings(study);
    const rows = Array.from({ length: 500 }, (_, i) => answer("S1", "m", i));
    for (const query of ["", "?invalid=skip"]) {
      const result = await post(study, "scenarios", ndjson(rows), "application/x-ndjson", query);
      expect(result.status).toBe(422);
      expect(result.body.error?.details).toHaveLength(1);
      expect(result.body.error?.details[0]?.message).toMatch(/^This file looks like model answers \(scenario_id, model_id, rep_id, response …\), not scenarios; send it to POST .*\/responses\.$/);
    }
    expect(await holdings(study)).toEqual(before);
  });

  it("a scenario file sent as scores, and a safety map sent as answers: one problem each, nothing written", async () => {
    const study = await studyWithAnswers();
    const before = await holdings(study);
    const scenarioFile = await post(study, "scores", JSON.stringify(scenario("S3"), null, 2), "application/json", "?filename=S3.json&rater=judge");
    expect(scenarioFile.status).toBe(422);
    expect(scenarioFile.body.error?.details.map((d) => d.message)).toEqual([expect.stringMatching(/^This file looks like scenarios \(id, quadrant, prompt, critical_actions.*\), not machine scores; send it to POST .*\/scenarios\.$/) as unknown]);
    const map = await post(study, "responses", JSON.stringify({ S1: [true, false, false], S2: [false, false, true] }), "application/json");
    expect(map.status).toBe(422);
    expect(map.body.error?.details.map((d) => d.message)).toEqual([expect.stringMatching(/^This file looks like a safety-colliding map \(S1, S2 …\), not model answers; send it to POST .*\/safety-colliding\.$/) as unknown]);
    expect(await holdings(study)).toEqual(before);
  });

  it("something that is not records: one problem saying what the first record is", async () => {
    const study = await studyWithAnswers();
    const before = await holdings(study);
    const result = await post(study, "responses", JSON.stringify(Array.from({ length: 2000 }, (_, i) => i)), "application/json");
    expect(result.status).toBe(422);
    expect(result.body.error?.details.map((d) => d.message)).toEqual(["This file does not hold records: its first record is a number, where each record must be a JSON object."]);
    expect(await holdings(study)).toEqual(before);
  });

  it("one wrong file among several scenario files refuses the whole upload, naming that file", async () => {
    const study = await studyWithAnswers();
    const before = await holdings(study);
    const form = new FormData();
    form.append("files", new File([JSON.stringify(scenario("S3"))], "S3.json", { type: "application/json" }));
    form.append("files", new File([ndjson([answer("S1", "m", 5), answer("S1", "m", 6)])], "answers.ndjson", { type: "application/x-ndjson" }));
    const result = await post(study, "scenarios", form, null);
    expect(result.status).toBe(422);
    expect(result.body.error?.details).toEqual([expect.objectContaining({ file: "answers.ndjson", line: 1, record: 1 })]);
    expect(await holdings(study)).toEqual(before);
  });

  it("a file of the right kind is not mistaken for another (answers that carry scores import as answers)", async () => {
    const study = await studyWithAnswers();
    const result = await post(study, "responses", ndjson([answer("S1", "m", 1, { omission_harm: 2, commission_harm: 0 })]), "application/x-ndjson");
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ created: 1 });
  });
});

describe("the wording of a conflict", () => {
  it("names replace=true in the API and the Replace checkbox on the Import page", async () => {
    const study = await studyWithAnswers();
    const result = await post(study, "responses", ndjson([answer("S1", "m", 0, { response: "Changed." })]), "application/x-ndjson", "?filename=a.ndjson");
    expect(result.status).toBe(409);
    const message = result.body.error?.message ?? "";
    const [detail] = result.body.error?.details ?? [];
    expect(message).toContain("Send replace=true to replace the stored versions.");
    expect(detail?.message).toBe("The answer (S1, m, 0) differs from the stored one; send replace=true to replace it.");
    expect(pageWording(message)).toContain(`Tick “${CONTROL_LABELS.replace}” to replace the stored versions.`);
    expect(detail && problemForPage(detail).message).toBe(`The answer (S1, m, 0) differs from the stored one; tick “${CONTROL_LABELS.replace}” to replace it.`);
  });

  it("names ?rater= in the API and the Rater name box on the Import page", async () => {
    const study = await studyWithAnswers();
    const result = await post(study, "scores", ndjson([score("S1", "m", 0, 1, 0, { judge_model: undefined })]), "application/x-ndjson");
    expect(result.status).toBe(422);
    const [detail] = result.body.error?.details ?? [];
    expect(detail?.message).toContain("name one with ?rater=NAME");
    expect(detail && problemForPage(detail).message).toContain(`name one in “${CONTROL_LABELS.rater}”`);
  });
});
