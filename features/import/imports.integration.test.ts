// docs/design.md §4 imports over real HTTP: each format, each bad-input class, and
// that a refused upload writes nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { createStudy } from "@/features/studies/service";
import { INTEGRATION_BODY_LIMIT } from "@/tests/integration/global-setup";
import { baseUrl, streamUntilAnswered, unique, userWithToken, type ApiErrorBody } from "@/tests/integration/helpers";
import { answer, ndjson, scenario, score } from "@/tests/fixtures/study";

let admin: Awaited<ReturnType<typeof userWithToken>>;
beforeAll(async () => {
  admin = await userWithToken("admin");
});

type Kind = "scenarios" | "safety-colliding" | "responses" | "scores";

async function post(studyId: string, kind: Kind, body: BodyInit, options: { type?: string; query?: string; token?: string } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${options.token ?? admin.token}` };
  if (options.type) headers["content-type"] = options.type;
  const response = await fetch(`${baseUrl()}/api/v1/studies/${studyId}/${kind}${options.query ? `?${options.query}` : ""}`, {
    method: "POST",
    headers,
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & Partial<ApiErrorBody> };
}

const details = (result: { body: Partial<ApiErrorBody> }) =>
  (result.body.error?.details ?? []).map(({ line, field, message }) => ({ line, field, message }));

async function newStudy() {
  return createStudy({ name: unique("Import study") }, admin.user.id);
}

/** A study with scenarios S1 (3 actions) and S2, and answers of two models × two repetitions. */
async function studyWithAnswers() {
  const study = await newStudy();
  await post(study.id, "scenarios", JSON.stringify([scenario("S1"), scenario("S2")]), { type: "application/json" });
  const rows = ["S1", "S2"].flatMap((s) => ["m-a", "m-b"].flatMap((m) => [0, 1].map((r) => answer(s, m, r))));
  expect((await post(study.id, "responses", ndjson(rows), { type: "application/x-ndjson" })).status).toBe(200);
  return study;
}

const counts = async (studyId: string) => ({
  scenarios: await prisma.scenario.count({ where: { studyId } }),
  responses: await prisma.response.count({ where: { studyId } }),
  ratings: await prisma.rating.count({ where: { response: { studyId } } }),
});

describe("scenario import", () => {
  it("takes a decoupling group by group_id or pair_id without partner ids, and refuses a variant naming no group or two", async () => {
    const study = await newStudy();
    const group = (framing: string, extra: Record<string, string> = {}) => ({ decoupling_variant: { group_id: "g", framing, ...extra } });
    const rows = [
      scenario("G-L", group("layperson")),
      scenario("G-P", { decoupling_variant: { pair_id: "g", framing: "physician" } }),
      scenario("G-W", group("lawyer", { pair_id: "g", partner_id: "G-P" })),
    ];
    expect(await post(study.id, "scenarios", ndjson(rows), { type: "application/x-ndjson" })).toMatchObject({ status: 200, body: { created: 3 } });
    const stored = await prisma.scenario.findMany({ where: { studyId: study.id }, orderBy: { externalId: "asc" }, select: { externalId: true, decouplingPairId: true, decouplingFraming: true, decouplingPartner: true } });
    expect(stored).toEqual([
      { externalId: "G-L", decouplingPairId: "g", decouplingFraming: "layperson", decouplingPartner: null },
      { externalId: "G-P", decouplingPairId: "g", decouplingFraming: "physician", decouplingPartner: null },
      { externalId: "G-W", decouplingPairId: "g", decouplingFraming: "lawyer", decouplingPartner: "G-P" },
    ]);
    // The same group given by the other name is the same scenario.
    expect(await post(study.id, "scenarios", ndjson([scenario("G-L", { decoupling_variant: { pair_id: "g", framing: "layperson" } })]), { type: "application/x-ndjson" })).toMatchObject({ status: 200, body: { unchanged: 1 } });

    const bad = await post(study.id, "scenarios", ndjson([scenario("N1", { decoupling_variant: { framing: "layperson" } }), scenario("N2", group("layperson", { pair_id: "h" }))]), { type: "application/x-ndjson" });
    expect(bad.status).toBe(422);
    expect(details(bad).map(({ line, field }) => ({ line, field }))).toEqual([
      { line: 1, field: "decoupling_variant.group_id" },
      { line: 2, field: "decoupling_variant.group_id" },
    ]);
    expect(await prisma.scenario.count({ where: { studyId: study.id } })).toBe(3);
  });

  it("takes a JSON array, then reports the same scenarios as unchanged", async () => {
    const study = await newStudy();
    const body = JSON.stringify([scenario("Q1a"), scenario("Q1b", { decoupling_variant: { pair_id: "p", framing: "layperson", partner_id: "Q1c" } })], null, 2);
    const first = await post(study.id, "scenarios", body, { type: "application/json" });
    expect(first).toMatchObject({ status: 200, body: { created: 2, unchanged: 0 } });
    expect(await post(study.id, "scenarios", body, { type: "application/json" })).toMatchObject({ status: 200, body: { created: 0, unchanged: 2 } });
    const stored = await prisma.scenario.findFirstOrThrow({
      where: { studyId: study.id, externalId: "Q1b" },
      include: { criticalActions: { orderBy: { position: "asc" } } },
    });
    expect(stored).toMatchObject({ category: "golden_hour", acuityWeight: 4, decouplingPairId: "p", decouplingFraming: "layperson", decouplingPartner: "Q1c" });
    expect(stored.criticalActions.map((a) => a.text)).toEqual(scenario("x").critical_actions);
  });

  it("takes a single object, NDJSON, and several files in one multipart upload", async () => {
    const study = await newStudy();
    expect((await post(study.id, "scenarios", JSON.stringify(scenario("A"), null, 2), { type: "application/json" })).body).toMatchObject({ created: 1 });
    expect((await post(study.id, "scenarios", ndjson([scenario("B"), scenario("C")]), { type: "application/x-ndjson" })).body).toMatchObject({ created: 2 });
    const form = new FormData();
    for (const id of ["A", "D", "E"]) form.append("files", new File([JSON.stringify(scenario(id), null, 2)], `${id}.json`, { type: "application/json" }));
    expect((await post(study.id, "scenarios", form)).body).toMatchObject({ created: 2, unchanged: 1 });
    expect((await counts(study.id)).scenarios).toBe(5);
  });

  it("lists every bad record by file, line and field, and writes nothing", async () => {
    const study = await newStudy();
    const body = [
      JSON.stringify(scenario("OK1")),
      JSON.stringify(scenario("BAD1", { prompt: undefined })),
      JSON.stringify(scenario("BAD2", { acuity_weight: "high", critical_actions: "call 911" })),
      '{"id": "BROKEN", ',
      JSON.stringify(scenario("OK1")),
      JSON.stringify(scenario("BAD3", { acuity_weight: 0 })),
    ].join("\n");
    const result = await post(study.id, "scenarios", body, { type: "application/x-ndjson", query: "filename=batch.ndjson" });
    expect(result.status).toBe(422);
    expect(result.body.error?.message).toBe("The upload has 6 problems; nothing was imported.");
    expect(details(result)).toEqual([
      { line: 2, field: "prompt", message: "Scenario BAD1: prompt must be a string." },
      { line: 3, field: "acuity_weight", message: "Scenario BAD2: acuity_weight must be a number greater than 0." },
      { line: 3, field: "critical_actions", message: "Scenario BAD2: critical_actions must be an array of strings." },
      { line: 4, field: undefined, message: expect.stringMatching(/^Invalid JSON/) as string },
      { line: 5, field: "id", message: "Scenario OK1 appears twice: first at record 1 (line 1) of batch.ndjson." },
      { line: 6, field: "acuity_weight", message: "Scenario BAD3: acuity_weight must be a number greater than 0." },
    ]);
    expect(result.body.error?.details.every((d) => d.file === "batch.ndjson")).toBe(true);
    expect(await counts(study.id)).toMatchObject({ scenarios: 0 });
    const history = await prisma.importBatch.findMany({ where: { studyId: study.id } });
    expect(history).toEqual([expect.objectContaining({ kind: "scenarios", status: "failed", created: 0 })]);
  });

  it("points at the line where a pretty-printed file's JSON breaks", async () => {
    const study = await newStudy();
    const text = JSON.stringify(scenario("Q9"), null, 2).replace('"quadrant_number": 1,', '"quadrant_number": 1,,');
    const result = await post(study.id, "scenarios", text, { type: "application/json" });
    expect(result.status).toBe(422);
    expect(details(result)).toEqual([{ line: 4, field: undefined, message: expect.stringMatching(/^Invalid JSON near/) as string }]);
  });

  it("refuses an empty file", async () => {
    const study = await newStudy();
    const result = await post(study.id, "scenarios", "  \n", { type: "application/json", query: "filename=empty.json" });
    expect(result.status).toBe(422);
    expect(details(result)).toEqual([{ line: 1, field: undefined, message: "The file is empty: it holds no records." }]);
  });

  it("treats a changed scenario as a conflict unless asked to replace it, and keeps the replaced version", async () => {
    const study = await newStudy();
    await post(study.id, "scenarios", JSON.stringify(scenario("Q1")), { type: "application/json" });
    const changed = JSON.stringify(scenario("Q1", { gold_standard_response: "A better gold standard." }));
    const refused = await post(study.id, "scenarios", changed, { type: "application/json" });
    expect(refused.status).toBe(409);
    expect(details(refused)).toEqual([{ line: 1, field: "id", message: "Scenario Q1 differs from the stored one; send replace=true to replace it." }]);
    expect((await prisma.scenario.findFirstOrThrow({ where: { studyId: study.id } })).goldStandard).toBe("Gold standard of Q1.");

    expect((await post(study.id, "scenarios", changed, { type: "application/json", query: "replace=true" })).body).toMatchObject({ replaced: 1, created: 0 });
    expect((await prisma.scenario.findFirstOrThrow({ where: { studyId: study.id } })).goldStandard).toBe("A better gold standard.");
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { studyId: study.id, action: "scenario.replace" } });
    expect(audit.data).toMatchObject({ before: { goldStandard: "Gold standard of Q1." } });
  });
});

describe("safety-colliding map import", () => {
  it("sets one flag per critical action, then reports the map unchanged", async () => {
    const study = await newStudy();
    await post(study.id, "scenarios", JSON.stringify([scenario("S1"), scenario("S2")]), { type: "application/json" });
    const map = JSON.stringify({ S1: [true, false, true], S2: [false, false, false] }, null, 2);
    expect((await post(study.id, "safety-colliding", map, { type: "application/json" })).body).toMatchObject({ created: 2, unchanged: 0 });
    expect((await post(study.id, "safety-colliding", map, { type: "application/json" })).body).toMatchObject({ created: 0, unchanged: 2 });
    const actions = await prisma.criticalAction.findMany({ where: { scenario: { studyId: study.id, externalId: "S1" } }, orderBy: { position: "asc" } });
    expect(actions.map((a) => a.safetyColliding)).toEqual([true, false, true]);
  });

  it("refuses a map with the wrong number of flags, an unknown scenario, or a non-boolean", async () => {
    const study = await newStudy();
    await post(study.id, "scenarios", JSON.stringify(scenario("S1")), { type: "application/json" });
    const result = await post(study.id, "safety-colliding", JSON.stringify({ S1: [true, false], NOPE: [true], S3: ["yes"] }), { type: "application/json" });
    expect(result.status).toBe(422);
    expect(details(result)).toEqual([
      { line: 1, field: "S3.0", message: "each flag must be true or false." },
    ]);
    const second = await post(study.id, "safety-colliding", JSON.stringify({ S1: [true, false], NOPE: [true] }), { type: "application/json" });
    expect(details(second)).toEqual([
      { line: 1, field: "S1", message: "Scenario S1 has 3 critical actions but the map gives 2 flags." },
      { line: 1, field: "NOPE", message: "There is no scenario NOPE in this study: import the scenarios first." },
    ]);
    const flags = await prisma.criticalAction.findMany({ where: { scenario: { studyId: study.id } } });
    expect(flags.every((a) => a.safetyColliding === null)).toBe(true);
  });
});

describe("answer import", () => {
  it("takes NDJSON and reports a second run unchanged, each answer with its own blind code", async () => {
    const study = await studyWithAnswers();
    const stored = await prisma.response.findMany({ where: { studyId: study.id } });
    expect(stored).toHaveLength(8);
    expect(new Set(stored.map((r) => r.blindCode)).size).toBe(8);
    expect(stored.find((r) => r.modelId === "m-b" && r.repetition === 1)).toMatchObject({ outputTokens: 121, contentFiltered: false, metadata: { temperature: 0.7 } });
    const rows = ["S1", "S2"].flatMap((s) => ["m-a", "m-b"].flatMap((m) => [0, 1].map((r) => answer(s, m, r))));
    expect((await post(study.id, "responses", ndjson(rows), { type: "application/x-ndjson" })).body).toMatchObject({ created: 0, unchanged: 8 });
  });

  it("takes CSV with quoted commas and newlines, empty optional cells and an empty filtered answer", async () => {
    const study = await studyWithAnswers();
    const csv = [
      "scenario_id,model_id,rep_id,response,output_tokens,content_filtered,metadata",
      'S1,m-c,0,"Call 911, now.\nThen press.",55,false,"{""k"": 1}"',
      "S1,m-c,1,,,true,",
    ].join("\r\n");
    expect((await post(study.id, "responses", csv, { type: "text/csv" })).body).toMatchObject({ created: 2 });
    const [first, filtered] = await prisma.response.findMany({ where: { studyId: study.id, modelId: "m-c" }, orderBy: { repetition: "asc" } });
    expect(first).toMatchObject({ text: "Call 911, now.\nThen press.", outputTokens: 55, metadata: { k: 1 } });
    expect(filtered).toMatchObject({ text: "", outputTokens: null, contentFiltered: true });
  });

  it("names the missing CSV column", async () => {
    const study = await studyWithAnswers();
    const result = await post(study.id, "responses", "scenario_id,model_id,response\nS1,m,x\n", { type: "text/csv" });
    expect(result.status).toBe(422);
    expect(details(result)).toEqual([{ line: 1, field: "rep_id", message: 'The CSV header has no column "rep_id".' }]);
  });

  it("lists bad rows (types, unknown scenario, duplicate key) among good ones and writes none of them", async () => {
    const study = await studyWithAnswers();
    const before = await counts(study.id);
    const body = ndjson([
      answer("S1", "new", 0),
      answer("S1", "new", "one"),
      answer("NOPE", "new", 0),
      answer("S1", "new", 0),
      answer("S1", "new", 2, { content_filtered: "maybe", output_tokens: -3 }),
    ]);
    const result = await post(study.id, "responses", body, { type: "application/x-ndjson" });
    expect(result.status).toBe(422);
    expect(details(result)).toEqual([
      { line: 2, field: "rep_id", message: "Answer (S1, new, one): rep_id must be a whole number from 0 to 2147483647." },
      { line: 5, field: "output_tokens", message: "Answer (S1, new, 2): output_tokens must be a whole number from 0 to 2147483647." },
      { line: 5, field: "content_filtered", message: "Answer (S1, new, 2): content_filtered must be true or false." },
      { line: 4, field: "rep_id", message: "The answer (S1, new, 0) appears twice: first at record 1 (line 1) of upload." },
      { line: 3, field: "scenario_id", message: "There is no scenario NOPE in this study: import the scenarios first." },
    ]);
    expect(await counts(study.id)).toEqual(before);
  });

  it("refuses a changed answer unless asked to replace it, keeping the replaced text in the audit log", async () => {
    const study = await studyWithAnswers();
    const changed = ndjson([answer("S1", "m-a", 0, { response: "Revised." })]);
    const refused = await post(study.id, "responses", changed, { type: "application/x-ndjson" });
    expect(refused.status).toBe(409);
    expect(details(refused)).toEqual([{ line: 1, field: undefined, message: "The answer (S1, m-a, 0) differs from the stored one; send replace=true to replace it." }]);
    const replaced = await post(study.id, "responses", changed, { type: "application/x-ndjson", query: "replace=true" });
    expect(replaced.body).toMatchObject({ replaced: 1, created: 0, unchanged: 0 });
    const row = await prisma.response.findFirstOrThrow({ where: { studyId: study.id, modelId: "m-a", repetition: 0, scenario: { externalId: "S1" } } });
    expect(row.text).toBe("Revised.");
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: row.id, action: "response.replace" } });
    expect(audit.data).toMatchObject({ before: { text: "Answer of m-a to S1, repetition 0." } });
  });
});

describe("machine score import", () => {
  it("stores scores as a named machine rater, -1 included and counted as unscored; a second run is unchanged", async () => {
    const study = await studyWithAnswers();
    const body = ndjson([
      score("S1", "m-a", 0, 2, 1, { critical_action_results: ["hit", "partial", "miss"], response_class: "substantive", omission_mechanism: "hedging", clinical_reasoning: "Missed elevation." }),
      score("S1", "m-a", 1, -1, -1),
      score("S2", "m-b", 0, 0, 0, { critical_action_results: null }),
    ]);
    const first = await post(study.id, "scores", body, { type: "application/x-ndjson", query: "rater=judge-A" });
    expect(first).toMatchObject({ status: 200, body: { created: 3, unchanged: 0, unscored: 1 } });
    expect((await post(study.id, "scores", body, { type: "application/x-ndjson", query: "rater=judge-A" })).body).toMatchObject({ created: 0, unchanged: 3, unscored: 1 });

    const rater = await prisma.rater.findFirstOrThrow({ where: { studyId: study.id, name: "judge-A" } });
    expect(rater.kind).toBe("machine");
    const ratings = await prisma.rating.findMany({ where: { raterId: rater.id }, include: { response: true }, orderBy: { omissionHarm: "desc" } });
    expect(ratings.map((r) => [r.omissionHarm, r.commissionHarm])).toEqual([[2, 1], [0, 0], [-1, -1]]);
    expect(ratings[0]).toMatchObject({ criticalActionResults: ["hit", "partial", "miss"], responseClass: "substantive", omissionMechanism: "hedging", reasoning: "Missed elevation.", extra: { ttt: 42, judge_model: "fixture_judge" } });
  });

  it("names the rater after judge_model when the request names none", async () => {
    const study = await studyWithAnswers();
    const body = ndjson([score("S1", "m-a", 0, 1, 0, { judge_model: "judge-x" }), score("S1", "m-b", 0, 1, 0, { judge_model: "judge-y" })]);
    expect((await post(study.id, "scores", body, { type: "application/x-ndjson" })).body).toMatchObject({ created: 2 });
    const names = (await prisma.rater.findMany({ where: { studyId: study.id }, orderBy: { name: "asc" } })).map((r) => r.name);
    expect(names).toEqual(["judge-x", "judge-y"]);
  });

  it("lists out-of-range scores, wrong action counts, unknown answers and rows with no rater, and writes nothing", async () => {
    const study = await studyWithAnswers();
    const body = ndjson([
      score("S1", "m-a", 0, 5, 0),
      score("S1", "m-a", 1, 1, 4, { critical_action_results: ["hit", "maybe", "miss"] }),
      score("S1", "m-b", 0, 1, 1, { critical_action_results: ["hit", "miss"] }),
      score("S1", "zzz", 0, 1, 1),
      score("S2", "m-a", 0, 1, 1, { judge_model: undefined }),
    ]);
    const result = await post(study.id, "scores", body, { type: "application/x-ndjson" });
    expect(result.status).toBe(422);
    expect(details(result)).toEqual([
      { line: 1, field: "omission_harm", message: "Score of (S1, m-a, 0): omission_harm must be from 0 to 4 (or -1: not scored)." },
      { line: 2, field: "commission_harm", message: "Score of (S1, m-a, 1): commission_harm must be from 0 to 3 (or -1: not scored)." },
      { line: 2, field: "critical_action_results.1", message: "Score of (S1, m-a, 1): each critical action result must be one of: hit, partial, miss." },
      { line: 5, field: "judge_model", message: "Score of (S2, m-a, 0): no rater for this score: name one with ?rater=NAME, or give the row a judge_model." },
      { line: 4, field: "scenario_id", message: "There is no answer (S1, zzz, 0) in this study: import the answers first." },
      { line: 3, field: "critical_action_results", message: "Score of (S1, m-b, 0): critical_action_results has 2 entries but scenario S1 has 3 critical actions." },
    ]);
    expect((await counts(study.id)).ratings).toBe(0);
    expect(await prisma.rater.count({ where: { studyId: study.id } })).toBe(0);
  });

  it("refuses a changed score unless asked to replace it; the earlier version is kept as a revision", async () => {
    const study = await studyWithAnswers();
    await post(study.id, "scores", ndjson([score("S1", "m-a", 0, 1, 0)]), { type: "application/x-ndjson", query: "rater=j" });
    const changed = ndjson([score("S1", "m-a", 0, 3, 2)]);
    expect((await post(study.id, "scores", changed, { type: "application/x-ndjson", query: "rater=j" })).status).toBe(409);
    const replaced = await post(study.id, "scores", changed, { type: "application/x-ndjson", query: "rater=j&replace=true" });
    expect(replaced.body).toMatchObject({ replaced: 1, created: 0 });
    const rating = await prisma.rating.findFirstOrThrow({ where: { rater: { studyId: study.id, name: "j" } }, include: { revisions: true } });
    expect(rating).toMatchObject({ omissionHarm: 3, commissionHarm: 2, version: 2 });
    expect(rating.revisions).toEqual([expect.objectContaining({ version: 1, snapshot: expect.objectContaining({ omission_harm: 1, commission_harm: 0 }) as unknown })]);
    expect(await prisma.auditLog.count({ where: { entityId: rating.id, action: "rating.replace" } })).toBe(1);
  });
});

describe("import requests", () => {
  it("refuse other roles (403), anonymous callers (401), unknown studies (404) and locked studies (409)", async () => {
    const study = await newStudy();
    const researcher = await userWithToken("researcher");
    const rater = await userWithToken("rater");
    const body = JSON.stringify(scenario("X"));
    const type = "application/json";
    expect((await post(study.id, "scenarios", body, { type, token: researcher.token })).status).toBe(403);
    expect((await post(study.id, "scenarios", body, { type, token: rater.token })).status).toBe(403);
    expect((await fetch(`${baseUrl()}/api/v1/studies/${study.id}/scenarios`, { method: "POST", body })).status).toBe(401);
    expect((await post("00000000-0000-0000-0000-000000000000", "scenarios", body, { type })).status).toBe(404);
    expect((await post("not-a-uuid", "scenarios", body, { type })).status).toBe(404);
    await prisma.study.update({ where: { id: study.id }, data: { lockedAt: new Date() } });
    const locked = await post(study.id, "scenarios", body, { type });
    expect(locked.status).toBe(409);
    expect(locked.body.error?.message).toMatch(/locked/);
    expect((await counts(study.id)).scenarios).toBe(0);
  });

  it("answer 413 to a body over the limit, declared or streamed, and write nothing", async () => {
    const study = await studyWithAnswers();
    const before = await counts(study.id);
    const rows: unknown[] = [];
    for (let i = 0; rows.length * 200 < INTEGRATION_BODY_LIMIT * 1.2; i++) rows.push(answer("S1", "big", i, { response: "x".repeat(180) }));
    const big = ndjson(rows);
    expect((await post(study.id, "responses", big, { type: "application/x-ndjson" })).status).toBe(413);
    const streamed = await streamUntilAnswered(
      `/api/v1/studies/${study.id}/responses`,
      { authorization: `Bearer ${admin.token}`, "content-type": "application/x-ndjson" },
      new TextEncoder().encode(big),
      INTEGRATION_BODY_LIMIT + 1,
    );
    expect(streamed).toMatchObject({ status: 413, bodyEnded: false });
    expect(await counts(study.id)).toEqual(before);
  });
});
