// Gold scores in over real HTTP: POST /api/v1/studies/{id}/gold in the machine-score
// shape, one per answer, idempotent, all-or-nothing unless ?invalid=skip.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { api, userWithToken, type ApiErrorBody } from "@/tests/integration/helpers";
import { studyWithAnswers, type User } from "@/tests/integration/queues";
import { ndjson, score } from "@/tests/fixtures/study";

let admin: User;
beforeAll(async () => {
  admin = await userWithToken("admin");
});

type Outcome = { created: number; unchanged: number; replaced: number; refused: number; dryRun?: boolean } & Partial<ApiErrorBody>;
const postGold = (studyId: string, rows: unknown[], query = "") =>
  api<Outcome>(`/api/v1/studies/${studyId}/gold${query}`, { method: "POST", token: admin.token, body: ndjson(rows), type: "application/x-ndjson" });

const stored = (studyId: string) =>
  prisma.goldScore.findMany({
    where: { studyId },
    select: { omissionHarm: true, commissionHarm: true, criticalActionResults: true, reasoning: true, response: { select: { modelId: true, repetition: true } } },
    orderBy: [{ response: { modelId: "asc" } }, { response: { repetition: "asc" } }],
  });

describe("gold score import", () => {
  it("creates gold scores, gives unchanged for the same rows again, and a conflict for a different one unless replace", async () => {
    const studyId = await studyWithAnswers(admin, 4);
    const rows = [
      score("S1", "m-0", 0, 1, 0, { critical_action_results: ["hit", "partial", "miss"], clinical_reasoning: "Reference." }),
      score("S1", "m-1", 1, 3, 2),
    ];
    expect(await postGold(studyId, rows)).toMatchObject({ status: 200, body: { created: 2, unchanged: 0, replaced: 0 } });
    expect(await stored(studyId)).toEqual([
      { omissionHarm: 1, commissionHarm: 0, criticalActionResults: ["hit", "partial", "miss"], reasoning: "Reference.", response: { modelId: "m-0", repetition: 0 } },
      { omissionHarm: 3, commissionHarm: 2, criticalActionResults: [], reasoning: null, response: { modelId: "m-1", repetition: 1 } },
    ]);
    // A judge's name and ttt are not part of a gold score: they change nothing.
    const again = [rows[0], { ...rows[1], judge_model: "someone_else", ttt: 7 }];
    expect(await postGold(studyId, again)).toMatchObject({ status: 200, body: { created: 0, unchanged: 2, replaced: 0 } });

    const changed = [rows[0], score("S1", "m-1", 1, 4, 2)];
    const conflict = await postGold(studyId, changed);
    expect(conflict.status).toBe(409);
    expect(conflict.body.error?.details).toEqual([
      expect.objectContaining({ line: 2, record: 2, field: "omission_harm", message: expect.stringContaining("Gold score of (S1, m-1, 1) differs from the stored one") as string }),
    ]);
    expect((await stored(studyId))[1]?.omissionHarm).toBe(3);

    expect(await postGold(studyId, changed, "?replace=true")).toMatchObject({ status: 200, body: { created: 0, unchanged: 1, replaced: 1 } });
    expect((await stored(studyId))[1]?.omissionHarm).toBe(4);
    const audit = await prisma.auditLog.findFirst({ where: { studyId, action: "gold_score.replace" } });
    expect(audit?.data).toMatchObject({ before: { omission_harm: 3, commission_harm: 2 } });
  });

  it("refuses -1, an unknown answer and a rater name, naming the record and field, and writes nothing", async () => {
    const studyId = await studyWithAnswers(admin, 4);
    const refused = await postGold(studyId, [score("S1", "m-0", 0, 1, 0), score("S1", "m-0", 2, -1, 0), score("S1", "m-9", 0, 1, 1)]);
    expect(refused.status).toBe(422);
    expect(refused.body.error?.details).toEqual([
      expect.objectContaining({ line: 2, record: 2, field: "omission_harm", message: expect.stringContaining("Gold score of (S1, m-0, 2): omission_harm is -1") as string }),
      expect.objectContaining({ line: 3, record: 3, field: "scenario_id", message: expect.stringContaining("Gold score of (S1, m-9, 0): there is no such answer") as string }),
    ]);
    expect(await stored(studyId)).toEqual([]);

    const withRater = await postGold(studyId, [score("S1", "m-0", 0, 1, 0)], "?rater=judge");
    expect(withRater.status).toBe(422);
    expect(withRater.body.error?.details).toEqual([expect.objectContaining({ field: "rater" })]);
    expect(await stored(studyId)).toEqual([]);
  });

  it("checks only with dryRun, and imports the valid records with invalid=skip", async () => {
    const studyId = await studyWithAnswers(admin, 4);
    const rows = [score("S1", "m-0", 0, 1, 0), score("S1", "m-1", 1, 0, -1), score("S1", "m-0", 2, 2, 1)];
    expect(await postGold(studyId, [rows[0]], "?dryRun=true")).toMatchObject({ status: 200, body: { created: 1, dryRun: true } });
    expect(await stored(studyId)).toEqual([]);
    const skipped = await postGold(studyId, rows, "?invalid=skip");
    expect(skipped).toMatchObject({ status: 200, body: { created: 2, refused: 1 } });
    expect((await stored(studyId)).map((g) => g.response.repetition)).toEqual([0, 2]);
  });
});
