// ?dryRun=true over real HTTP and PostgreSQL: every check runs and the counts are those the
// import gives, nothing is written but a history entry marked as a dry run.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { newStudy, postImport, userWithToken } from "@/tests/integration/helpers";
import { answer, ndjson, scenario, score } from "@/tests/fixtures/study";

let admin: Awaited<ReturnType<typeof userWithToken>>;
beforeAll(async () => {
  admin = await userWithToken("admin");
});

const post = (studyId: string, kind: string, body: string, type: string, query = "") => postImport(admin.token, studyId, kind, body, type, query);

/** Every table an import writes to, counted for the study (the audit log and versions included). */
const rowCounts = async (studyId: string) => ({
  scenarios: await prisma.scenario.count({ where: { studyId } }),
  criticalActions: await prisma.criticalAction.count({ where: { scenario: { studyId } } }),
  flagged: await prisma.criticalAction.count({ where: { scenario: { studyId }, NOT: { safetyColliding: null } } }),
  responses: await prisma.response.count({ where: { studyId } }),
  answerVersions: await prisma.answerVersion.count({ where: { response: { studyId } } }),
  raters: await prisma.rater.count({ where: { studyId } }),
  ratings: await prisma.rating.count({ where: { response: { studyId } } }),
  ratingRevisions: await prisma.ratingRevision.count({ where: { rating: { response: { studyId } } } }),
  audit: await prisma.auditLog.count({ where: { studyId } }),
  texts: (await prisma.response.findMany({ where: { studyId }, select: { text: true }, orderBy: { id: "asc" } })).map((r) => r.text).join("|"),
});

const realImports = (studyId: string) => prisma.importBatch.count({ where: { studyId, dryRun: false } });

describe("a dry run", () => {
  it("of each kind counts what the import then gives, and leaves every row count unchanged", async () => {
    const study = await newStudy(admin, "Dry run study");
    const scenarios = JSON.stringify([scenario("S1"), scenario("S2")]);
    const map = JSON.stringify({ S1: [true, false, false], S2: [false, false, true] });
    const answers = ndjson(["S1", "S2"].flatMap((s) => [0, 1].map((rep) => answer(s, "m-a", rep))));
    const scores = JSON.stringify(["S1", "S2"].flatMap((s) => [0, 1].map((rep) => score(s, "m-a", rep, rep, 0, { critical_action_results: ["hit", "miss", "partial"] }))));
    const steps: [string, string, string, string][] = [
      ["scenarios", scenarios, "application/json", ""],
      ["safety-colliding", map, "application/json", ""],
      ["responses", answers, "application/x-ndjson", ""],
      ["scores", scores, "application/json", "rater=judge-dry&"],
    ];
    for (const [kind, body, type, query] of steps) {
      const before = await rowCounts(study);
      const imports = await realImports(study);
      const checked = await post(study, kind, body, type, `?${query}dryRun=true`);
      expect(checked.status, kind).toBe(200);
      expect(checked.body.dryRun, kind).toBe(true);
      expect(await rowCounts(study), kind).toEqual(before);
      expect(await realImports(study), kind).toBe(imports);

      const imported = await post(study, kind, body, type, `?${query}`.replace(/&$/, ""));
      expect(imported.status, kind).toBe(200);
      const { importId: checkedId, dryRun, ...wouldGive } = checked.body;
      const { importId, ...gave } = imported.body;
      expect(wouldGive, kind).toEqual(gave);
      expect((gave as { created: number }).created, kind).toBeGreaterThan(0);
      expect(await rowCounts(study), kind).not.toEqual(before);

      const entry = await prisma.importBatch.findUniqueOrThrow({ where: { id: checkedId as string } });
      expect(entry, kind).toMatchObject({ dryRun: true, status: "succeeded", ...(gave as object) });
      expect(dryRun).toBe(true);
      expect(importId).not.toBe(checkedId);
    }
  });

  it("of replacements counts them and replaces nothing, not even in the audit log", async () => {
    const study = await newStudy(admin, "Dry run study");
    await post(study, "scenarios", JSON.stringify([scenario("S1")]), "application/json");
    await post(study, "responses", ndjson([0, 1, 2].map((rep) => answer("S1", "m", rep))), "application/x-ndjson");
    const before = await rowCounts(study);
    const changed = ndjson([0, 1, 2].map((rep) => answer("S1", "m", rep, rep < 2 ? { response: "Revised." } : {})));
    const checked = await post(study, "responses", changed, "application/x-ndjson", "?replace=true&dryRun=1");
    expect(checked).toMatchObject({ status: 200, body: { dryRun: true, created: 0, unchanged: 1, replaced: 2 } });
    expect(await rowCounts(study)).toEqual(before);
  });

  it("with problems answers as the import would, writes nothing, and is recorded as a refused dry run", async () => {
    const study = await newStudy(admin, "Dry run study");
    const body = JSON.stringify([scenario("S1"), scenario("S2", { acuity_weight: 0 })]);
    const before = await rowCounts(study);
    const checked = await post(study, "scenarios", body, "application/json", "?dryRun=true");
    const imported = await post(study, "scenarios", body, "application/json");
    expect(checked.status).toBe(422);
    expect(checked.body.error).toEqual(imported.body.error);
    expect(await rowCounts(study)).toEqual(before);
    const history = await prisma.importBatch.findMany({ where: { studyId: study }, orderBy: { createdAt: "asc" } });
    expect(history.map((h) => [h.status, h.dryRun])).toEqual([["failed", true], ["failed", false]]);
  });

  it("refuses a dryRun that is not true or false, naming it", async () => {
    const study = await newStudy(admin, "Dry run study");
    const result = await post(study, "scenarios", "[]", "application/json", "?dryRun=yes");
    expect(result.status).toBe(422);
    expect(result.body.error?.details).toEqual([{ field: "dryRun", message: "dryRun must be true or false." }]);
  });
});
