// Records named by number and pointer over real HTTP: a one-line JSON array imports like
// NDJSON (per-record checks key on the record, never the line), a bad record inside it is
// named by record and pointer, and an unknown query parameter is refused by name.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { type ApiErrorBody, newStudy, postImport, userWithToken } from "@/tests/integration/helpers";
import { answer, ndjson, scenario, score } from "@/tests/fixtures/study";

let admin: Awaited<ReturnType<typeof userWithToken>>;
beforeAll(async () => {
  admin = await userWithToken("admin");
});

type Detail = { file?: string; line?: number; record?: number; pointer?: string; field?: string; message: string };

const post = (studyId: string, kind: string, body: BodyInit, type?: string, query = "") => postImport<Record<string, unknown> & Partial<ApiErrorBody> & { error?: { details: Detail[] } }>(admin.token, studyId, kind, body, type, query);

/** Scenarios with different numbers of critical actions, as in the published audit scores. */
const ACTIONS = { A2: 2, A4: 4, A6: 6, A12: 12 } as const;
const SCENARIOS = Object.entries(ACTIONS).map(([id, n]) => scenario(id, { critical_actions: Array.from({ length: n }, (_, i) => `action ${i + 1}`) }));
const MODELS = ["m-a", "m-b"];

/** Audit-shaped scores: every answer of every scenario, results as long as its scenario's actions. */
const auditScores = () =>
  Object.entries(ACTIONS).flatMap(([id, n], s) =>
    MODELS.flatMap((model, m) =>
      [0, 1].map((rep) =>
        score(id, model, rep, (s + m + rep) % 5, (s + rep) % 4, {
          critical_action_results: Array.from({ length: n }, (_, i) => (["hit", "partial", "miss"] as const)[(i + rep + m) % 3]),
          judge_model: undefined,
        }),
      ),
    ),
  );

async function auditStudy() {
  const study = await newStudy(admin, "Records study");
  expect((await post(study, "scenarios", JSON.stringify(SCENARIOS), "application/json")).status).toBe(200);
  const answers = SCENARIOS.flatMap((s) => MODELS.flatMap((model) => [0, 1].map((rep) => answer(s.id, model, rep))));
  expect((await post(study, "responses", JSON.stringify(answers), "application/json")).status).toBe(200);
  return study;
}

const storedScores = async (studyId: string) =>
  (
    await prisma.rating.findMany({
      where: { response: { studyId } },
      include: { response: { include: { scenario: true } }, rater: true },
    })
  )
    .map((g) => [g.rater.name, g.response.scenario.externalId, g.response.modelId, g.response.repetition, g.omissionHarm, g.commissionHarm, g.criticalActionResults.join(" ")].join("|"))
    .sort();

describe("a JSON array on one line", () => {
  it("imports audit-shaped scores identically as a compact array, a pretty array, NDJSON and multipart", async () => {
    const rows = auditScores();
    const multipart = () => {
      const form = new FormData();
      form.append("files", new File([JSON.stringify(rows)], "scores.json", { type: "application/json" }));
      return form;
    };
    const sends: [string, () => BodyInit, string | undefined][] = [
      ["compact", () => JSON.stringify(rows), "application/json"],
      ["pretty", () => JSON.stringify(rows, null, 2), "application/json"],
      ["ndjson", () => ndjson(rows), "application/x-ndjson"],
      ["multipart", multipart, undefined],
    ];
    const stored: string[][] = [];
    for (const [name, body, type] of sends) {
      const study = await auditStudy();
      const result = await post(study, "scores", body(), type, "?rater=judge-audit");
      expect(result, name).toMatchObject({ status: 200, body: { created: rows.length, unchanged: 0, replaced: 0 } });
      stored.push(await storedScores(study));
      // The same body again is unchanged, record for record.
      expect((await post(study, "scores", body(), type, "?rater=judge-audit")).body, name).toMatchObject({ created: 0, unchanged: rows.length });
    }
    expect(stored[0]).toHaveLength(rows.length);
    for (const other of stored.slice(1)) expect(other).toEqual(stored[0]);
  });

  it("names each bad record of a one-line array by its record number, pointer and natural key", async () => {
    const study = await auditStudy();
    const rows = auditScores();
    // Records 3 and 10 are bad (a wrong action count, an out-of-range score); record 14 scores no answer.
    rows[2] = { ...rows[2], critical_action_results: ["hit"] } as (typeof rows)[number];
    rows[9] = { ...rows[9], omission_harm: 9 } as (typeof rows)[number];
    rows[13] = { ...rows[13], model_id: "m-z" } as (typeof rows)[number];
    const result = await post(study, "scores", JSON.stringify(rows), "application/json", "?rater=judge-audit&filename=audit.json");
    expect(result.status).toBe(422);
    const key = (i: number) => `(${rows[i]?.scenario_id}, ${rows[i]?.model_id}, ${rows[i]?.rep_id})`;
    expect(result.body.error?.details).toEqual([
      { file: "audit.json", line: 1, record: 10, pointer: "/9", field: "omission_harm", message: `Score of ${key(9)}: omission_harm must be from 0 to 4 (or -1: not scored).` },
      { file: "audit.json", line: 1, record: 14, pointer: "/13", field: "scenario_id", message: `There is no answer ${key(13)} in this study: import the answers first.` },
      {
        file: "audit.json",
        line: 1,
        record: 3,
        pointer: "/2",
        field: "critical_action_results",
        message: `Score of ${key(2)}: critical_action_results has 1 entries but scenario A2 has ${ACTIONS.A2} critical actions.`,
      },
    ]);
    expect(await storedScores(study)).toEqual([]);
  });

  it("names two broken records on one line separately", async () => {
    const study = await newStudy(admin, "Records study");
    const body = `[${JSON.stringify(scenario("Q1"))},{"id": "Q2", },${JSON.stringify(scenario("Q3", { acuity_weight: -1 }))},{"id" "Q4"}]`;
    const result = await post(study, "scenarios", body, "application/json", "?filename=s.json");
    expect(result.status).toBe(422);
    expect(result.body.error?.details).toEqual([
      { file: "s.json", line: 1, record: 2, pointer: "/1", message: expect.stringMatching(/^Invalid JSON near/) as string },
      { file: "s.json", line: 1, record: 3, pointer: "/2", field: "acuity_weight", message: "Scenario Q3: acuity_weight must be a number greater than 0." },
      { file: "s.json", line: 1, record: 4, pointer: "/3", message: expect.stringMatching(/^Invalid JSON near/) as string },
    ]);
    expect(await prisma.scenario.count({ where: { studyId: study } })).toBe(0);
  });

  it("tells duplicates on one line apart by record", async () => {
    const study = await auditStudy();
    const answers = [answer("A2", "dup", 0), answer("A4", "dup", 0), answer("A2", "dup", 0)];
    const result = await post(study, "responses", JSON.stringify(answers), "application/json");
    expect(result.status).toBe(422);
    expect(result.body.error?.details).toEqual([
      { file: "upload", line: 1, record: 3, pointer: "/2", field: "rep_id", message: "The answer (A2, dup, 0) appears twice: first at record 1 (line 1) of upload." },
    ]);
  });
});

describe("unknown query parameters", () => {
  it.each([
    ["scenarios", "?dryrun=true", "dryrun"],
    ["safety-colliding", "?replace=true&force=1", "force"],
    ["responses", "?replaced=true", "replaced"],
    ["scores", "?rater=judge&raters=x", "raters"],
  ])("POST …/%s%s is a 422 naming the parameter, and imports nothing", async (kind, query, parameter) => {
    const study = await auditStudy();
    const before = await prisma.importBatch.count({ where: { studyId: study } });
    const result = await post(study, kind, "[]", "application/json", query);
    expect(result.status).toBe(422);
    expect(result.body.error?.details).toEqual([{ field: parameter, message: `${parameter} is not a known field or parameter here.` }]);
    expect(await prisma.importBatch.count({ where: { studyId: study } })).toBe(before);
  });
});
