// Polling the results over HTTP with the figures' tag (ETag/If-None-Match):
// "304 Not Modified" exactly when nothing the figures read has changed, on
// every app instance, since the change counter lives in PostgreSQL.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { createStudy } from "@/features/studies/service";
import { createApiToken, createUser } from "@/features/users/service";
import { newTokenSchema, newUserSchema } from "@/features/users/schemas";
import { freePort } from "@/scripts/db/embedded-postgres";
import { exited, startAppServer, waitForHttp } from "@/scripts/lib/next-server";
import type { StudyResults } from "@/features/results/results";
import { answer, ndjson, scenario } from "@/tests/fixtures/study";
import { api, baseUrl, unique, userWithToken } from "@/tests/integration/helpers";

let admin: Awaited<ReturnType<typeof userWithToken>>;
let researcher: Awaited<ReturnType<typeof userWithToken>>;
let studyId = "";
let queueId = "";
let second: { server: ChildProcess; baseUrl: string };
const doctors: { email: string; token: string }[] = [];

interface Poll {
  status: number;
  tag: string | null;
  body: StudyResults | null;
}

/** One poll of the results of `study` on the app instance at `base`, sending `tag` back if given. */
async function poll(base: string, options: { study?: string; query?: string; tag?: string | null; token?: string | null } = {}): Promise<Poll> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? researcher.token : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (options.tag) headers["if-none-match"] = options.tag;
  const response = await fetch(`${base}/api/v1/studies/${options.study ?? studyId}/results${options.query ?? ""}`, { headers });
  const text = await response.text();
  return { status: response.status, tag: response.headers.get("etag"), body: response.status === 200 ? (JSON.parse(text) as StudyResults) : null };
}

async function doctor() {
  const email = `${unique("doc")}@test.tandem`;
  await createUser(newUserSchema.parse({ email, name: unique("Dr"), role: "rater", password: "correct horse battery" }));
  const { token } = await createApiToken(newTokenSchema.parse({ email, label: "test" }));
  return { email, token };
}

/** `who` claims the next answer of the queue and rates it, through the first app instance. */
async function rateOne(who: { token: string }, oh: number) {
  const claim = await api<{ assignmentId: string }>(`/api/v1/queues/${queueId}/next`, { method: "POST", token: who.token });
  expect(claim.status).toBe(200);
  const rated = await api(`/api/v1/assignments/${claim.body.assignmentId}/rating`, {
    method: "POST",
    token: who.token,
    json: { omission_harm: oh, commission_harm: 0, critical_action_results: ["hit", "hit", "hit"], response_class: "substantive", omission_mechanism: "none", reasoning: "Fine." },
  });
  expect(rated.status).toBe(201);
}

async function newStudyWithAnswers(count = 4) {
  const id = (await createStudy({ name: unique("Polling") }, admin.user.id)).id;
  const post = async (path: string, rows: unknown[]) => expect((await api(`/api/v1/studies/${id}/${path}`, { method: "POST", token: admin.token, body: ndjson(rows) })).status).toBe(200);
  await post("scenarios", [scenario("S1")]);
  await post("responses", Array.from({ length: count }, (_, i) => answer("S1", i % 2 === 0 ? "m-a" : "m-b", i + 1)));
  return id;
}

beforeAll(async () => {
  admin = await userWithToken("admin");
  researcher = await userWithToken("researcher");
  studyId = await newStudyWithAnswers();
  doctors.push(await doctor(), await doctor());
  const queue = await api<{ id: string }>(`/api/v1/studies/${studyId}/queues`, { method: "POST", token: admin.token, json: { name: "double", raters: doctors.map((d) => d.email) } });
  queueId = queue.body.id;
  second = startAppServer(await freePort(), process.env.DATABASE_URL ?? "");
  await waitForHttp(`${second.baseUrl}/sign-in`);
}, 120_000);

afterAll(async () => {
  second.server.kill("SIGTERM");
  await exited(second.server);
});

describe("polling the results with their tag, across two app instances", () => {
  it("is 304 while nothing changed; a rating given through one instance is 200 with the new figures on the other, then 304 again", async () => {
    const first = await poll(baseUrl());
    expect(first.status).toBe(200);
    expect(first.tag).toMatch(/^W\/".+"$/);
    expect(first.body?.progress.by_ratings).toEqual({ none: 4, one: 0, two_or_more: 0 });
    expect(await poll(baseUrl(), { tag: first.tag })).toEqual({ status: 304, tag: first.tag, body: null });
    expect(await poll(second.baseUrl, { tag: first.tag })).toEqual({ status: 304, tag: first.tag, body: null });

    await rateOne(doctors[0] as { token: string }, 2);

    const changed = await poll(second.baseUrl, { tag: first.tag });
    expect(changed.status).toBe(200);
    expect(changed.tag).not.toBe(first.tag);
    expect(changed.body?.progress.by_ratings).toEqual({ none: 3, one: 1, two_or_more: 0 });
    expect(changed.body?.progress.physicians.map((p) => p.ratings)).toEqual([1]);
    // The same figures as a poll without a tag (a full recompute) gives, but for the time they were made.
    const fresh = await poll(baseUrl());
    expect({ ...fresh.body, generated_at: "" }).toEqual({ ...changed.body, generated_at: "" });
    expect(fresh.tag).toBe(changed.tag);

    expect((await poll(second.baseUrl, { tag: changed.tag })).status).toBe(304);
    expect((await poll(baseUrl(), { tag: changed.tag })).status).toBe(304);
  }, 60_000);

  it("never answers one filter's or one study's figures with another's 304", async () => {
    const whole = await poll(baseUrl());
    const modelA = await poll(baseUrl(), { query: "?model=m-a", tag: whole.tag });
    expect(modelA.status).toBe(200);
    expect(modelA.body?.progress.answers).toBe(2);
    expect(modelA.tag).not.toBe(whole.tag);
    expect((await poll(baseUrl(), { query: "?model=m-a", tag: modelA.tag })).status).toBe(304);
    expect((await poll(second.baseUrl, { tag: modelA.tag })).status).toBe(200);
    // A queue filter is a filter too.
    expect((await poll(baseUrl(), { query: `?queue=${queueId}`, tag: whole.tag })).status).toBe(200);

    const other = await newStudyWithAnswers(2);
    const otherPoll = await poll(second.baseUrl, { study: other, tag: whole.tag });
    expect(otherPoll.status).toBe(200);
    expect(otherPoll.body?.progress.answers).toBe(2);
  }, 60_000);

  it("checks who asks, and that the study and the queue still exist, before it answers 304", async () => {
    const other = await newStudyWithAnswers(2);
    const queue = await api<{ id: string }>(`/api/v1/studies/${other}/queues`, { method: "POST", token: admin.token, json: { name: "q", raters: doctors.map((d) => d.email) } });
    expect(queue).toMatchObject({ status: 201 });
    const byQueue = await poll(baseUrl(), { study: other, query: `?queue=${queue.body.id}` });
    const whole = await poll(baseUrl(), { study: other });
    expect([byQueue.status, whole.status]).toEqual([200, 200]);

    const rater = await doctor();
    expect((await poll(second.baseUrl, { study: other, tag: whole.tag, token: rater.token })).status).toBe(403);
    expect((await poll(second.baseUrl, { study: other, tag: whole.tag, token: null })).status).toBe(401);

    await prisma.queue.delete({ where: { id: queue.body.id } });
    expect((await poll(second.baseUrl, { study: other, query: `?queue=${queue.body.id}`, tag: byQueue.tag })).status).toBe(404);
    await prisma.study.delete({ where: { id: other } });
    expect((await poll(second.baseUrl, { study: other, tag: whole.tag })).status).toBe(404);
  }, 60_000);

  it("moves the counter once for an import of 2,000 answers through the API", async () => {
    const id = await newStudyWithAnswers(1);
    const before = await poll(baseUrl(), { study: id });
    const versionBefore = (await prisma.studyChange.findUniqueOrThrow({ where: { studyId: id } })).version;
    const imported = await api(`/api/v1/studies/${id}/responses`, { method: "POST", token: admin.token, body: ndjson(Array.from({ length: 2000 }, (_, i) => answer("S1", "bulk", i + 1))) });
    expect(imported.status).toBe(200);
    expect((await prisma.studyChange.findUniqueOrThrow({ where: { studyId: id } })).version - versionBefore).toBe(1n);
    const after = await poll(second.baseUrl, { study: id, tag: before.tag });
    expect(after.status).toBe(200);
    expect(after.body?.progress.answers).toBe(2001);
  }, 120_000);
});
