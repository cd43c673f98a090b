// Replacing an answer that has ratings, over HTTP: refused (409, nothing
// written) unless replace=rated; then the earlier text is kept as a version,
// its ratings stay, marked as given to it, and drop out of agreement, results
// and analysis unless earlierVersions=include. The figures are worked by hand.
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { answer, ndjson, scenario } from "@/tests/fixtures/study";
import { api, newStudy, userWithToken, type ApiErrorBody } from "@/tests/integration/helpers";
import { createQueue, next, rating, raters, submit, type User } from "@/tests/integration/queues";

let admin: User;
let researcher: User;
let studyId = "";
/** The three answers: (S1, m-0, 0), (S1, m-1, 1), (S1, m-2, 2). */
const ANSWERS = [answer("S1", "m-0", 0), answer("S1", "m-1", 1), answer("S1", "m-2", 2)];
/** Omission harm given by the first two physicians, per model: agreement on m-0 and m-1, 0 against 3 on m-2. */
const FIRST_OH: Record<string, [number, number]> = { "m-0": [1, 1], "m-1": [2, 2], "m-2": [0, 3] };
const REPLACED = answer("S1", "m-2", 2, { response: "A second, corrected text of the m-2 answer." });

const importAnswers = (body: string, replace?: string) =>
  api<Record<string, number> & Partial<ApiErrorBody>>(`/api/v1/studies/${studyId}/responses${replace === undefined ? "" : `?replace=${replace}`}`, {
    method: "POST",
    token: admin.token,
    body,
  });

/** Each rater claims and rates every item of the queue, the score chosen by the answer's model. */
async function rateAll(queueId: string, who: User, side: 0 | 1, oh: Record<string, [number, number]>) {
  for (;;) {
    const item = await next(queueId, who);
    if (item.status === 204) return;
    expect(item.status, JSON.stringify(item.body)).toBe(200);
    const model = /Answer of (m-\d)|m-2 answer/.exec(item.body.response.text);
    const key = model?.[1] ?? "m-2";
    expect((await submit(item.body.assignmentId, who, rating(oh[key]?.[side] ?? 0, 0))).status).toBe(201);
  }
}

const m2 = () => prisma.response.findFirstOrThrow({ where: { studyId, modelId: "m-2" }, include: { versions: true, ratings: true } });

const agreement = (query = "") =>
  api<{ n: number; exact: number | null; kappa: number | null }>(`/api/v1/studies/${studyId}/agreement?scale=omission_harm${query}`, { token: researcher.token });
const results = (query = "") =>
  api<{ pooled: { omission_harm: { n: number; exact: number | null; kappa: number | null } }; progress: { by_ratings: { one: number; two_or_more: number } } }>(
    `/api/v1/studies/${studyId}/results${query ? `?${query}` : ""}`,
    { token: researcher.token },
  );
const analysis = (query = "") =>
  api<{ models: { model: string; n: number; mean_oh: number | null }[] }>(`/api/v1/studies/${studyId}/analysis${query ? `?${query}` : ""}`, { token: researcher.token });

let first: User[] = [];

beforeAll(async () => {
  [admin, researcher] = await Promise.all([userWithToken("admin"), userWithToken("researcher")]);
  studyId = await newStudy(admin, "Rated answers");
  expect((await api(`/api/v1/studies/${studyId}/scenarios`, { method: "POST", token: admin.token, body: JSON.stringify(scenario("S1")) })).status).toBe(200);
  expect((await importAnswers(ndjson(ANSWERS))).status).toBe(200);
  first = await raters(2);
  const queue = await createQueue(admin, studyId, first);
  await rateAll(queue.id, first[0] as User, 0, FIRST_OH);
  await rateAll(queue.id, first[1] as User, 1, FIRST_OH);
});

describe("replacing an answer that has ratings", () => {
  it("is refused with 409 naming the answer and its ratings, with replace=true or none, and writes nothing", async () => {
    const before = await m2();
    for (const replace of [undefined, "true", "1"]) {
      const refused = await importAnswers(ndjson([ANSWERS[0], REPLACED]), replace);
      expect(refused.status).toBe(409);
      if (replace === undefined) {
        expect(refused.body.error?.code).toBe("conflict");
        continue;
      }
      expect(refused.body.error?.code).toBe("answers_rated");
      expect(refused.body.error?.message).toMatch(/^The upload would replace 1 answer that has 2 ratings; nothing was imported/);
      const details = refused.body.error?.details ?? [];
      expect(details.map((d) => [d.file, d.line, d.field])).toEqual([["upload", 2, "replace"]]);
      expect(details[0]?.message).toMatch(/^The answer \(S1, m-2, 2\) has 2 ratings of its current text; send replace=rated/);
    }
    const after = await m2();
    expect(after).toEqual(before);
    expect(after.version).toBe(1);
    expect(await prisma.auditLog.count({ where: { studyId, action: { startsWith: "response.replace" } } })).toBe(0);
  });

  it("refuses replace=anything-else naming the parameter", async () => {
    const refused = await importAnswers(ndjson([REPLACED]), "yes");
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain("replace must be true, false or rated.");
  });

  it("with replace=rated keeps the earlier text as version 1, moves the answer to version 2 and keeps its ratings, marked", async () => {
    const before = await m2();
    const done = await importAnswers(ndjson([ANSWERS[0], REPLACED]), "rated");
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ created: 0, unchanged: 1, replaced: 1 });
    const after = await m2();
    expect(after.version).toBe(2);
    expect(after.text).toBe(REPLACED.response);
    expect(after.versions).toEqual([
      expect.objectContaining({ version: 1, text: before.text, contentHash: before.contentHash, replacedById: admin.user.id }),
    ]);
    expect(after.ratings.map((g) => g.answerVersion)).toEqual([1, 1]);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { studyId, action: "response.replace_rated", entityId: after.id } });
    expect(audit.actorId).toBe(admin.user.id);
    expect(audit.data).toMatchObject({ ratings: 2, version: 2, before: { text: before.text, version: 1 } });
  });

  it("leaves the earlier version's ratings out of /agreement by default and brings them back with earlierVersions=include", async () => {
    // Current pairs: (1,1) and (2,2): n 2, all exact, κ 1.
    const current = await agreement();
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ n: 2, exact: 1, kappa: 1 });
    expect((await agreement("&earlierVersions=exclude")).body).toMatchObject({ n: 2, exact: 1, kappa: 1 });
    // With (0,3) back: p_o = 2/3; marginals A {0,1,2}, B {1,2,3}, a third each: p_e = 2/9; κ = (2/3 − 2/9)/(1 − 2/9) = 4/7.
    const all = await agreement("&earlierVersions=include");
    expect(all.body.n).toBe(3);
    expect(all.body.exact).toBeCloseTo(2 / 3, 12);
    expect(all.body.kappa).toBeCloseTo(4 / 7, 12);
    const named = await agreement(`&raterA=${first[0]?.email}&raterB=${first[1]?.email}`);
    expect(named.body).toMatchObject({ n: 2, exact: 1 });
    expect((await agreement(`&raterA=${first[0]?.email}&raterB=${first[1]?.email}&earlierVersions=include`)).body.n).toBe(3);
    const bad = await agreement("&earlierVersions=all");
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain("earlierVersions");
  });

  it("does the same on /results and /analysis", async () => {
    const current = await results();
    expect(current.body.pooled.omission_harm).toMatchObject({ n: 2, exact: 1, kappa: 1 });
    // The replaced answer has no rating of its current text.
    expect(current.body.progress.by_ratings).toMatchObject({ one: 0, two_or_more: 2 });
    const all = await results("earlierVersions=include");
    expect(all.body.pooled.omission_harm.n).toBe(3);
    expect(all.body.pooled.omission_harm.kappa).toBeCloseTo(4 / 7, 12);

    const byModel = (body: { models: { model: string; n: number; mean_oh: number | null }[] }) => Object.fromEntries(body.models.map((m) => [m.model, [m.n, m.mean_oh]]));
    expect(byModel((await analysis()).body)).toEqual({ "m-0": [1, 1], "m-1": [1, 2] });
    expect(byModel((await analysis("earlierVersions=include")).body)).toEqual({ "m-0": [1, 1], "m-1": [1, 2], "m-2": [1, 1.5] });
  });

  it("counts a rating of the new text: a new pair on version 2 joins the figures", async () => {
    const second = await raters(2);
    const queue = await createQueue(admin, studyId, second, { filter: { models: ["m-2"] } });
    expect(queue.items).toBe(1);
    await rateAll(queue.id, second[0] as User, 0, { "m-2": [4, 4] });
    await rateAll(queue.id, second[1] as User, 1, { "m-2": [4, 4] });
    const answer = await m2();
    expect(answer.ratings.map((g) => g.answerVersion).sort()).toEqual([1, 1, 2, 2]);
    // Current pairs (1,1), (2,2), (4,4): n 3, all exact.
    expect((await agreement()).body).toMatchObject({ n: 3, exact: 1, kappa: 1 });
    // And the earlier pair (0,3) besides: n 4, exact 3/4.
    const all = await agreement("&earlierVersions=include");
    expect(all.body.n).toBe(4);
    expect(all.body.exact).toBeCloseTo(3 / 4, 12);
    expect((await results()).body.progress.by_ratings).toMatchObject({ one: 0, two_or_more: 3 });
  });

  it("exports each rating's answer_version and whether it is current", async () => {
    const csv = await api<string>(`/api/v1/studies/${studyId}/ratings?format=csv`, { token: researcher.token });
    const [header = "", ...rows] = csv.body.trimEnd().split("\r\n");
    // The reasoning holds commas, so cells are found from either end: model_id third, the version columns before the two times and the three last columns.
    expect(header.split(",").slice(-7, -3)).toEqual(["answer_version", "answer_current", "created_at", "updated_at"]);
    const cells = rows.map((r) => r.split(","));
    const versionsOf = (rowsOf: string[][]) => rowsOf.map((c) => `${c.at(-7)}:${c.at(-6)}`).sort();
    expect(versionsOf(cells.filter((c) => c[2] === "m-2"))).toEqual(["1:false", "1:false", "2:true", "2:true"]);
    expect(new Set(versionsOf(cells.filter((c) => c[2] !== "m-2")))).toEqual(new Set(["1:true"]));
    const json = await api<string>(`/api/v1/studies/${studyId}/ratings?format=ndjson`, { token: researcher.token });
    const lines = json.body.trimEnd().split("\n").map((l) => JSON.parse(l) as { model_id: string; answer_version: number; answer_current: boolean });
    expect(lines.filter((l) => l.model_id === "m-2").map((l) => [l.answer_version, l.answer_current]).sort()).toEqual([[1, false], [1, false], [2, true], [2, true]]);
  });
});

describe("a replacement racing a submission", () => {
  it("waits for a rating being submitted (its answer held FOR SHARE), then sees it and keeps the text it rated as a version", async () => {
    const raceStudy = await newStudy(admin, "Race");
    const post = (kind: string, body: string, query = "") => api(`/api/v1/studies/${raceStudy}/${kind}${query}`, { method: "POST", token: admin.token, body });
    expect((await post("scenarios", JSON.stringify(scenario("S1")))).status).toBe(200);
    expect((await post("responses", ndjson([answer("S1", "race", 0)]))).status).toBe(200);
    const target = await prisma.response.findFirstOrThrow({ where: { studyId: raceStudy } });
    const [physician] = await raters(1);
    const userId = physician?.user.id ?? "";
    const rater = await prisma.rater.upsert({ where: { userId }, update: {}, create: { kind: "physician", userId, name: "Dr Race" } });

    // A submission in flight, as features/rating/submit.ts makes it: the answer held FOR SHARE, the version read, the rating written.
    const submission = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await submission.connect();
    try {
      await submission.query("BEGIN");
      const { rows } = await submission.query<{ version: number }>("SELECT version FROM responses WHERE id = $1 FOR SHARE", [target.id]);
      expect(rows[0]?.version).toBe(1);
      await submission.query(
        `INSERT INTO ratings (id, response_id, rater_id, rater_kind, omission_harm, commission_harm, answer_version, updated_at)
         VALUES (tandem_uuid_v7(), $1, $2, 'physician', 2, 0, $3, now())`,
        [target.id, rater.id, rows[0]?.version],
      );
      // The import (replace=true, not rated) waits for the answer...
      const replacing = post("responses", ndjson([answer("S1", "race", 0, { response: "Raced text." })]), "?replace=true");
      await expect
        .poll(async () => (await prisma.$queryRaw<{ waiting: boolean }[]>`
          SELECT bool_or(wait_event_type = 'Lock') AS waiting FROM pg_stat_activity
          WHERE datname = current_database() AND query LIKE '%FOR UPDATE OF r%'`)[0]?.waiting, { timeout: 20_000 })
        .toBe(true);
      await submission.query("COMMIT");
      // ...and, once the rating is in, refuses: the answer now has a rating.
      const refused = await replacing;
      expect(refused.status).toBe(409);
      expect((refused.body as ApiErrorBody).error.code).toBe("answers_rated");
    } finally {
      await submission.end();
    }
    const rated = await post("responses", ndjson([answer("S1", "race", 0, { response: "Raced text." })]), "?replace=rated");
    expect(rated.status).toBe(200);
    const after = await prisma.response.findFirstOrThrow({ where: { id: target.id }, include: { versions: true, ratings: true } });
    expect(after.version).toBe(2);
    expect(after.versions.map((v) => [v.version, v.text])).toEqual([[1, target.text]]);
    expect(after.ratings.map((g) => g.answerVersion)).toEqual([1]);
  });
});

describe("a replacement of an answer a rater holds", () => {
  it("withdraws the hold, so the rating of the earlier text is not saved, and offers the answer again with its new text", async () => {
    const holdStudy = await newStudy(admin, "Held");
    const post = (kind: string, body: string, query = "") => api(`/api/v1/studies/${holdStudy}/${kind}${query}`, { method: "POST", token: admin.token, body });
    expect((await post("scenarios", JSON.stringify(scenario("S1")))).status).toBe(200);
    expect((await post("responses", ndjson([answer("S1", "held", 0)]))).status).toBe(200);
    const [first, second] = (await raters(2)) as [User, User];
    const queue = await createQueue(admin, holdStudy, [first, second]);
    const held = await next(queue.id, first);
    expect(held.status).toBe(200);

    expect((await post("responses", ndjson([answer("S1", "held", 0, { response: "The corrected text." })]), "?replace=true")).status).toBe(200);
    const refused = await submit(held.body.assignmentId, first);
    expect(refused.status).toBe(404);
    expect((refused.body as ApiErrorBody).error.message).toContain("its text may have been replaced");
    expect(await prisma.rating.count({ where: { response: { studyId: holdStudy } } })).toBe(0);

    const again = await next(queue.id, first);
    expect(again.status).toBe(200);
    expect(again.body.blindCode).toBe(held.body.blindCode);
    expect(again.body.response.text).toBe("The corrected text.");
    expect((await submit(again.body.assignmentId, first)).status).toBe(201);
  });
});
