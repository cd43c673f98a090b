// The ratings export over HTTP: its columns (framing, content_filtered, time
// on task at the end), critical-action results as an array in NDJSON, and
// the Results page's filters (queue, model, framing, two raters, earlier
// texts) with the file name that says which apply. Expected rows are read
// from the database, never written down.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { answer, ndjson, scenario, score } from "@/tests/fixtures/study";
import { api, baseUrl, newStudy, userWithToken, type ApiErrorBody } from "@/tests/integration/helpers";
import { createQueue, next, rating, raters, studyWithAnswers, submit, type User } from "@/tests/integration/queues";

let admin: User;
let researcher: User;
let studyId = "";
let studyName = "";
let fileStudy = "";
let alpha = { id: "", name: "" };
let beta = { id: "", name: "" };
let physicians: User[] = [];

const pair = (framing: string, partner: string) => ({ decoupling_variant: { pair_id: "p1", framing, partner_id: partner } });

/** The export over HTTP, with its file name. */
async function download(query: string) {
  const response = await fetch(`${baseUrl()}/api/v1/studies/${studyId}/ratings?${query}`, { headers: { authorization: `Bearer ${researcher.token}` } });
  const text = await response.text();
  const filename = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1];
  return { status: response.status, text, filename };
}

async function rows(query: string): Promise<Record<string, unknown>[]> {
  const { status, text } = await download(`format=ndjson&${query}`);
  expect(status, text).toBe(200);
  return text.trimEnd().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

const ids = (list: { rating_id?: unknown; id?: unknown }[]) => list.map((r) => String(r.rating_id ?? r.id)).sort();

/** Seconds beta's claims are set back, and the hidden seconds its ratings report. */
const HELD = 300;
const HIDDEN = 120;

/** Rates every item the queue offers `who`; `hidden` sets each claim HELD seconds back and reports HIDDEN seconds hidden. */
async function rateAll(queueId: string, who: User, oh: number, hidden = false) {
  for (;;) {
    const item = await next(queueId, who);
    if (item.status === 204) return;
    if (hidden) await prisma.$executeRaw`UPDATE assignments SET claimed_at = claimed_at - make_interval(secs => ${HELD}) WHERE id = ${item.body.assignmentId}::uuid`;
    expect((await submit(item.body.assignmentId, who, { ...rating(oh, 0), ...(hidden ? { hidden_seconds: HIDDEN } : {}) })).status).toBe(201);
  }
}

beforeAll(async () => {
  [admin, researcher] = await Promise.all([userWithToken("admin"), userWithToken("researcher")]);
  studyId = await newStudy(admin, "Export: study");
  studyName = (await prisma.study.findUniqueOrThrow({ where: { id: studyId } })).name;
  // In a file name, each run of characters other than letters, digits, ".", "-" and "_" is one "-".
  expect(studyName).toMatch(/^Export: study-[0-9a-f]+$/);
  fileStudy = studyName.replace(": ", "-");
  const post = async (path: string, body: string) => expect((await api(`/api/v1/studies/${studyId}/${path}`, { method: "POST", token: admin.token, body })).status).toBe(200);
  await post("scenarios", ndjson([scenario("S1", pair("layperson", "S2")), scenario("S2", pair("physician", "S1")), scenario("S3")]));
  await post("responses", ndjson([answer("S1", "m-a", 1, { content_filtered: true }), answer("S1", "m-b", 1), answer("S2", "m-a", 1), answer("S3", "m-b", 1)]));
  await post("scores?rater=judge", ndjson([score("S1", "m-a", 1, 1, 0), score("S1", "m-b", 1, 2, 0), score("S2", "m-a", 1, 0, 0), score("S3", "m-b", 1, 3, 1)]));
  physicians = await raters(3);
  const [p1, p2, p3] = physicians as [User, User, User];
  alpha = await createQueue(admin, studyId, [p1, p2], { filter: { models: ["m-a"] } }).then((q) => ({ id: q.id, name: "" }));
  beta = await createQueue(admin, studyId, [p3], { filter: { models: ["m-b"] }, ratingsPerItem: 1 }).then((q) => ({ id: q.id, name: "" }));
  alpha.name = (await prisma.queue.findUniqueOrThrow({ where: { id: alpha.id } })).name;
  beta.name = (await prisma.queue.findUniqueOrThrow({ where: { id: beta.id } })).name;
  await rateAll(alpha.id, p1, 1);
  await rateAll(alpha.id, p2, 2);
  await rateAll(beta.id, p3, 3, true);
});

describe("GET /api/v1/studies/{id}/ratings: columns", () => {
  it("keeps the earlier columns in order and adds framing, content_filtered and time_on_task_seconds at the end", async () => {
    const { status, text, filename } = await download("format=csv");
    expect(status).toBe(200);
    const [header, ...lines] = text.trimEnd().split("\r\n");
    expect(header?.split(",").slice(0, 19)).toEqual([
      "rating_id", "scenario_id", "model_id", "repetition", "blind_code", "rater", "rater_kind", "queue",
      "omission_harm", "commission_harm", "critical_action_results", "response_class", "omission_mechanism", "reasoning",
      "version", "answer_version", "answer_current", "created_at", "updated_at",
    ]);
    expect(header?.split(",").slice(19)).toEqual(["framing", "content_filtered", "time_on_task_seconds"]);
    expect(lines).toHaveLength(await prisma.rating.count({ where: { response: { studyId } } }));
    expect(filename).toBe(`ratings-${fileStudy}.csv`);
  });

  it("gives each rating its scenario's framing, its answer's content_filtered flag and, for a physician's claim, the active seconds from claim to submission", async () => {
    const exported = await rows("");
    const stored = await prisma.rating.findMany({
      where: { response: { studyId } },
      include: { response: { include: { scenario: true } }, assignment: true },
    });
    expect(ids(exported)).toEqual(ids(stored));
    for (const g of stored) {
      const row = exported.find((r) => r.rating_id === g.id);
      const seconds = g.assignment ? g.assignment.activeSeconds : null;
      if (g.assignment?.submittedAt) {
        // The active time is the time from claim to submission, less the hidden time reported (beta's ratings).
        const wall = (g.assignment.submittedAt.getTime() - g.assignment.claimedAt.getTime()) / 1000;
        const hidden = g.response.modelId === "m-b" ? HIDDEN : 0;
        expect(Math.abs((seconds ?? -1) - (wall - hidden))).toBeLessThanOrEqual(1);
      }
      expect(row).toMatchObject({
        framing: g.response.scenario.decouplingFraming,
        content_filtered: g.response.contentFiltered,
        time_on_task_seconds: seconds,
        critical_action_results: g.criticalActionResults,
      });
      // Machine scores have no claim; every physician rating here came through a queue.
      expect(row?.time_on_task_seconds === null).toBe(g.raterKind === "machine");
    }
    expect(exported.filter((r) => r.content_filtered === true).map((r) => `${String(r.scenario_id)}/${String(r.model_id)}`)).toEqual(["S1/m-a", "S1/m-a", "S1/m-a"]);
    expect(new Set(exported.map((r) => r.framing))).toEqual(new Set(["layperson", "physician", null]));
  });

  it("writes critical-action results as a JSON array in NDJSON and joined by ; in CSV", async () => {
    const physicianRow = (await rows("")).find((r) => r.rater_kind === "physician");
    expect(physicianRow?.critical_action_results).toEqual(["hit", "partial", "miss"]);
    const { text } = await download("format=csv");
    expect(text).toContain(",hit;partial;miss,");
  });
});

describe("GET /api/v1/studies/{id}/ratings: the Results page's filters", () => {
  it("queue: every rating of the queue's answers (machine scores included), named in the file", async () => {
    const exported = await rows(`queue=${alpha.id}`);
    const inQueue = await prisma.rating.findMany({ where: { response: { queueItems: { some: { queueId: alpha.id } } } } });
    expect(ids(exported)).toEqual(ids(inQueue));
    expect(new Set(exported.map((r) => r.rater_kind))).toEqual(new Set(["physician", "machine"]));
    const { filename } = await download(`format=csv&queue=${alpha.id}`);
    expect(filename).toBe(`ratings-${fileStudy}-queue-${alpha.name}.csv`);
  });

  it("model, framing and earlierVersions=exclude narrow it as the page does", async () => {
    const byModel = await rows("model=m-b");
    expect(ids(byModel)).toEqual(ids(await prisma.rating.findMany({ where: { response: { studyId, modelId: "m-b" } } })));
    const layperson = await rows("framing=layperson");
    expect(ids(layperson)).toEqual(ids(await prisma.rating.findMany({ where: { response: { studyId, scenario: { decouplingFraming: "layperson" } } } })));
    const outsidePairs = await rows("framing=none");
    expect(ids(outsidePairs)).toEqual(ids(await prisma.rating.findMany({ where: { response: { studyId, scenario: { decouplingFraming: null } } } })));
    // Replace the rated answer (S3, m-b) with a new text: its judge score and p3's rating are now of the earlier text.
    const replaced = await api(`/api/v1/studies/${studyId}/responses?replace=rated`, { method: "POST", token: admin.token, body: ndjson([answer("S3", "m-b", 1, { response: "A corrected text of the S3 answer." })]) });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    const stored = await prisma.rating.findMany({ where: { response: { studyId } }, include: { response: { include: { scenario: true } } } });
    const ofCurrentText = stored.filter((g) => g.answerVersion === g.response.version);
    const ofEarlierText = stored.filter((g) => g.answerVersion !== g.response.version);
    expect(ofEarlierText.map((g) => [g.response.scenario.externalId, g.response.modelId, g.raterKind]).sort()).toEqual([["S3", "m-b", "machine"], ["S3", "m-b", "physician"]]);
    expect(ids(await rows("earlierVersions=exclude"))).toEqual(ids(ofCurrentText));
    expect(ids(await rows("earlierVersions=include"))).toEqual(ids(stored));
    expect(ids(await rows(""))).toEqual(ids(stored));
    expect((await download(`format=ndjson&model=m-b&framing=none&earlierVersions=exclude`)).filename).toBe(`ratings-${fileStudy}-model-m-b-framing-none-current-texts.ndjson`);
  });

  it("two raters: the ratings of both on the answers both rated; one rater alone, or the same rater twice, is a 422 naming the parameter", async () => {
    const [p1, p2, p3] = physicians as [User, User, User];
    const raterOf = async (who: User) => prisma.rater.findFirstOrThrow({ where: { userId: who.user.id } });
    const [r1, r2, r3] = await Promise.all([raterOf(p1), raterOf(p2), raterOf(p3)]);
    const judge = await prisma.rater.findFirstOrThrow({ where: { studyId, kind: "machine" } });
    // The rule of /results and /agreement: both or neither, and two different raters (by id or by name).
    for (const [query, field] of [
      [`raterA=${r1.id}`, "raterB"],
      [`raterB=${r1.id}`, "raterA"],
      [`raterA=${r1.id}&raterB=${r1.id}`, "raterB"],
      [`raterA=judge&raterB=${judge.id}`, "raterB"],
    ] as const) {
      const refused = await api<ApiErrorBody>(`/api/v1/studies/${studyId}/ratings?${query}`, { token: researcher.token });
      expect(refused.status, query).toBe(422);
      expect(refused.body.error.details.map((d) => d.field), query).toEqual([field]);
      const results = await api<ApiErrorBody>(`/api/v1/studies/${studyId}/results?${query}`, { token: researcher.token });
      expect(results.status, query).toBe(422);
      expect(results.body.error.details.map((d) => d.field), query).toEqual([field]);
    }
    // p1 and p2 both rated the queue's two answers: four ratings; p1 and p3 rated no answer in common.
    const both = await rows(`raterA=${r1.id}&raterB=${r2.id}`);
    expect(both).toHaveLength(4);
    expect(ids(both)).toEqual(ids(await prisma.rating.findMany({ where: { raterId: { in: [r1.id, r2.id] } } })));
    expect(await rows(`raterA=${r1.id}&raterB=${r3.id}`)).toEqual([]);
    const withJudge = await rows(`raterA=${r3.id}&raterB=judge`);
    expect(ids(withJudge)).toEqual(ids(await prisma.rating.findMany({ where: { raterId: { in: [r3.id, judge.id] }, response: { modelId: "m-b" } } })));
    const { filename } = await download(`format=csv&raterA=${r3.id}&raterB=judge`);
    expect(r3.name).toBe("Test rater");
    expect(filename).toBe(`ratings-${fileStudy}-raters-Test-rater-judge.csv`);
  });

  it("refuses an unknown parameter by name, an unknown queue or rater with a 404 that says which, and a bad value by field", async () => {
    const unknown = await api<ApiErrorBody>(`/api/v1/studies/${studyId}/ratings?format=csv&rater=x`, { token: researcher.token });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details.map((d) => d.field)).toEqual(["rater"]);
    const otherStudy = await studyWithAnswers(admin);
    const foreign = await createQueue(admin, otherStudy, physicians.slice(0, 1), { ratingsPerItem: 1 });
    for (const queue of [foreign.id, "nope"]) {
      const missing = await api<ApiErrorBody>(`/api/v1/studies/${studyId}/ratings?queue=${queue}`, { token: researcher.token });
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toContain(`queue "${queue}"`);
    }
    const noRater = await api<ApiErrorBody>(`/api/v1/studies/${studyId}/ratings?raterA=Nobody&raterB=judge`, { token: researcher.token });
    expect(noRater.status).toBe(404);
    expect(noRater.body.error.message).toContain("Nobody");
    const badVersions = await api<ApiErrorBody>(`/api/v1/studies/${studyId}/ratings?earlierVersions=all`, { token: researcher.token });
    expect(badVersions.status).toBe(422);
    expect(badVersions.body.error.details[0]?.field).toBe("earlierVersions");
  });
});
