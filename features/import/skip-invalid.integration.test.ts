// ?invalid=skip over real HTTP and PostgreSQL: the valid records are imported, each record
// with a problem is refused whole and listed, kept with the history entry and downloadable.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { type ApiErrorBody, baseUrl, newStudy, postImport, userWithToken } from "@/tests/integration/helpers";
import { answer, ndjson, scenario, score } from "@/tests/fixtures/study";

let admin: Awaited<ReturnType<typeof userWithToken>>;
beforeAll(async () => {
  admin = await userWithToken("admin");
});

interface Refused {
  file: string;
  line: number;
  record: number;
  pointer?: string;
  problems: { field?: string; message: string }[];
}
type Body = Record<string, unknown> & Partial<ApiErrorBody> & { refused?: number; refusedRecords?: Refused[]; importId?: string };

const post = (studyId: string, kind: string, body: string, type: string, query = "") => postImport<Body>(admin.token, studyId, kind, body, type, query);

async function studyWithScenarios() {
  const study = await newStudy(admin, "Skip study");
  // S1 has 3 critical actions, S2 has 2.
  await post(study, "scenarios", JSON.stringify([scenario("S1"), scenario("S2", { critical_actions: ["a", "b"] })]), "application/json");
  return study;
}

const storedAnswers = async (studyId: string) =>
  (await prisma.response.findMany({ where: { studyId }, include: { scenario: true } })).map((r) => `${r.scenario.externalId}/${r.modelId}/${r.repetition}:${r.text}`).sort();

describe("invalid=skip", () => {
  it("imports exactly the valid answers and lists each refused record whole, with its line, number and problems", async () => {
    const study = await studyWithScenarios();
    await post(study, "responses", ndjson([answer("S1", "m", 0)]), "application/x-ndjson");
    const rows = [
      answer("S1", "m", 1), // 1: valid
      answer("S1", "m", "x", { content_filtered: "maybe" }), // 2: two problems of its own
      answer("NOPE", "m", 0), // 3: no such scenario
      answer("S2", "m", 0), // 4: valid
      answer("S1", "m", 1, { response: "Again." }), // 5: the same answer as record 1
      answer("S1", "m", 0, { response: "Changed." }), // 6: differs from the stored one, replace not asked
      answer("S2", "m", 1), // 7: valid
    ];
    const result = await post(study, "responses", ndjson(rows), "application/x-ndjson", "?invalid=skip&filename=a.ndjson");
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ created: 3, unchanged: 0, replaced: 0, refused: 4 });
    expect(result.body.refusedRecords).toEqual([
      {
        file: "a.ndjson",
        line: 2,
        record: 2,
        problems: [
          { field: "rep_id", message: "Answer (S1, m, x): rep_id must be a whole number from 0 to 2147483647." },
          { field: "content_filtered", message: "Answer (S1, m, x): content_filtered must be true or false." },
        ],
      },
      { file: "a.ndjson", line: 3, record: 3, problems: [{ field: "scenario_id", message: "There is no scenario NOPE in this study: import the scenarios first." }] },
      { file: "a.ndjson", line: 5, record: 5, problems: [{ field: "rep_id", message: "The answer (S1, m, 1) appears twice: first at record 1 (line 1) of a.ndjson." }] },
      { file: "a.ndjson", line: 6, record: 6, problems: [{ message: "The answer (S1, m, 0) differs from the stored one; send replace=true to replace it." }] },
    ]);
    expect(await storedAnswers(study)).toEqual([
      "S1/m/0:Answer of m to S1, repetition 0.",
      "S1/m/1:Answer of m to S1, repetition 1.",
      "S2/m/0:Answer of m to S2, repetition 0.",
      "S2/m/1:Answer of m to S2, repetition 1.",
    ]);

    // Kept with the history entry, and downloadable as NDJSON.
    const entry = await prisma.importBatch.findUniqueOrThrow({ where: { id: result.body.importId ?? "" } });
    expect(entry).toMatchObject({ status: "succeeded", created: 3, refused: 4 });
    const download = await fetch(`${baseUrl()}/api/v1/studies/${study}/imports/${entry.id}/refused`, { headers: { authorization: `Bearer ${admin.token}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const lines = (await download.text()).trim().split("\n").map((line) => JSON.parse(line) as Refused);
    expect(lines).toEqual(result.body.refusedRecords);

    // Another study's import is not found there.
    const other = await newStudy(admin, "Skip study");
    expect((await fetch(`${baseUrl()}/api/v1/studies/${other}/imports/${entry.id}/refused`, { headers: { authorization: `Bearer ${admin.token}` } })).status).toBe(404);
  });

  it("refuses a score record with a problem whole inside a one-line array, imports the others, and a re-send is unchanged", async () => {
    const study = await studyWithScenarios();
    await post(study, "responses", ndjson(["S1", "S2"].flatMap((s) => [0, 1].map((rep) => answer(s, "m", rep)))), "application/x-ndjson");
    const rows = [
      score("S1", "m", 0, 1, 0, { critical_action_results: ["hit", "hit", "miss"] }),
      score("S2", "m", 0, 1, 0, { critical_action_results: ["hit", "hit", "miss"] }), // S2 has 2 actions
      score("S1", "m", 1, 7, 0), // out of range
      score("S2", "m", 1, 2, 1, { critical_action_results: ["partial", "miss"] }),
    ];
    const body = JSON.stringify(rows);
    const result = await post(study, "scores", body, "application/json", "?rater=judge-skip&invalid=skip");
    expect(result).toMatchObject({ status: 200, body: { created: 2, unchanged: 0, refused: 2 } });
    expect(result.body.refusedRecords?.map((r) => [r.record, r.pointer, r.line, r.problems.map((p) => p.field)])).toEqual([
      [2, "/1", 1, ["critical_action_results"]],
      [3, "/2", 1, ["omission_harm"]],
    ]);
    const stored = await prisma.rating.findMany({ where: { response: { studyId: study } }, include: { response: { include: { scenario: true } } } });
    expect(stored.map((g) => `${g.response.scenario.externalId}/${g.response.repetition}`).sort()).toEqual(["S1/0", "S2/1"]);
    expect((await post(study, "scores", body, "application/json", "?rater=judge-skip&invalid=skip")).body).toMatchObject({ created: 0, unchanged: 2, refused: 2 });
  });

  it("takes the valid scenarios and the safety map records with no problem", async () => {
    const study = await newStudy(admin, "Skip study");
    const result = await post(study, "scenarios", JSON.stringify([scenario("A"), scenario("B", { acuity_weight: 0 }), scenario("C"), scenario("A")]), "application/json", "?invalid=skip");
    expect(result).toMatchObject({ status: 200, body: { created: 2, refused: 2 } });
    expect(result.body.refusedRecords?.map((r) => r.record)).toEqual([2, 4]);
    expect((await prisma.scenario.findMany({ where: { studyId: study } })).map((s) => s.externalId).sort()).toEqual(["A", "C"]);

    const maps = ndjson([{ A: [true, false, false] }, { C: [true], NOPE: [true] }]);
    const mapped = await post(study, "safety-colliding", maps, "application/x-ndjson", "?invalid=skip");
    expect(mapped).toMatchObject({ status: 200, body: { created: 1, refused: 1 } });
    const flags = await prisma.criticalAction.findMany({ where: { scenario: { studyId: study } }, include: { scenario: true }, orderBy: { position: "asc" } });
    expect(flags.filter((a) => a.scenario.externalId === "C").every((a) => a.safetyColliding === null)).toBe(true);
    expect(flags.filter((a) => a.scenario.externalId === "A").map((a) => a.safetyColliding)).toEqual([true, false, false]);
  });

  it("still refuses the whole upload for a problem of no record, and with a dry run writes nothing", async () => {
    const study = await studyWithScenarios();
    const before = await storedAnswers(study);
    const unclosed = `[${JSON.stringify(answer("S1", "m", 0))}`;
    const refused = await post(study, "responses", unclosed, "application/json", "?invalid=skip");
    expect(refused.status).toBe(422);
    expect(refused.body.error?.details).toEqual([{ file: "upload", line: 1, message: "Invalid JSON: the array is not closed with ]" }]);

    const checked = await post(study, "responses", ndjson([answer("S1", "m", 0), answer("NOPE", "m", 0)]), "application/x-ndjson", "?invalid=skip&dryRun=true");
    expect(checked).toMatchObject({ status: 200, body: { dryRun: true, created: 1, refused: 1 } });
    expect(await storedAnswers(study)).toEqual(before);
  });

  it("refuses an invalid value of invalid, naming it", async () => {
    const study = await newStudy(admin, "Skip study");
    const result = await post(study, "scenarios", "[]", "application/json", "?invalid=ignore");
    expect(result.status).toBe(422);
    expect(result.body.error?.details).toEqual([{ field: "invalid", message: "invalid must be skip or refuse." }]);
  });
});
