// Blinded double-rating queues over HTTP: building, atomic claims under
// concurrency, leases, resume, skip, edit with history, locking, blinding.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { createStudy } from "@/features/studies/service";
import { answer, ndjson, scenario, score } from "@/tests/fixtures/study";
import { api, unique, userWithToken, type ApiErrorBody } from "@/tests/integration/helpers";
import { createQueue, next, rating, raters, studyWithAnswers, submit, type Item, type User } from "@/tests/integration/queues";

let admin: User;

beforeAll(async () => {
  admin = await userWithToken("admin");
});

const study = (answers: number) => studyWithAnswers(admin, answers);
const queue = (studyId: string, pool: User[], extra: Record<string, unknown> = {}) => createQueue(admin, studyId, pool, extra);

describe("building a queue", () => {
  it("takes all answers, or the filtered ones, with a pool of raters", async () => {
    const studyId = await study(6);
    const pool = await raters(2);
    expect((await queue(studyId, pool)).items).toBe(6);
    expect((await queue(studyId, pool, { filter: { models: ["m-1"] } })).items).toBe(3);
  });

  it("names raters that are not active raters, and refuses a pool smaller than the ratings asked", async () => {
    const studyId = await study(2);
    const [one] = await raters(1);
    const researcher = await userWithToken("researcher");
    const result = await api<ApiErrorBody>(`/api/v1/studies/${studyId}/queues`, {
      method: "POST",
      token: admin.token,
      json: { name: "q", raters: [one?.email, researcher.email, "ghost@test.tandem"] },
    });
    expect(result.status).toBe(422);
    expect(result.body.error.details.map((d) => d.message)).toEqual([`${researcher.email} is not an active rater.`, "ghost@test.tandem is not an active rater."]);
    const small = await api<ApiErrorBody>(`/api/v1/studies/${studyId}/queues`, { method: "POST", token: admin.token, json: { name: "q", raters: [one?.email] } });
    expect(small.status).toBe(422);
    expect(await prisma.queue.count({ where: { studyId } })).toBe(0);
  });
});

describe("a stratified validation sample", () => {
  /** 3 models × 2 repetitions over 6 scenarios: a decoupling pair and 2 plain in "acute", 2 plain in "chronic". */
  async function sampleStudy() {
    const { id } = await createStudy({ name: unique("Sample study") }, admin.user.id);
    const post = (path: string, body: string) => api(`/api/v1/studies/${id}/${path}`, { method: "POST", token: admin.token, body });
    const pair = (framing: string, partner: string) => ({ decoupling_variant: { pair_id: "p1", framing, partner_id: partner } });
    const scenarios = [
      scenario("A1", pair("layperson", "A2")), scenario("A2", pair("physician", "A1")), scenario("A3"), scenario("A4"),
      scenario("C1", { quadrant: "chronic" }), scenario("C2", { quadrant: "chronic" }),
    ];
    expect((await post("scenarios", ndjson(scenarios))).status).toBe(200);
    const keys = scenarios.flatMap((s) => ["m-a", "m-b", "m-c"].flatMap((model) => [1, 2].map((rep) => ({ scenario: s.id, model, rep }))));
    expect((await post("responses", ndjson(keys.map((k) => answer(k.scenario, k.model, k.rep))))).status).toBe(200);
    // The judge flags (OH 2+) only the chronic answers of repetition 1, and cannot score one answer.
    const unscorable = (k: (typeof keys)[number]) => k.scenario === "A3" && k.model === "m-a" && k.rep === 1;
    const scores = keys.map((k) => (unscorable(k) ? score(k.scenario, k.model, k.rep, -1, -1) : score(k.scenario, k.model, k.rep, k.scenario.startsWith("C") && k.rep === 1 ? 3 : 0, 0)));
    expect((await post("scores?rater=judge", ndjson(scores))).status).toBe(200);
    return id;
  }

  const sampled = (queueId: string) =>
    prisma.queueItem.findMany({ where: { queueId }, select: { response: { select: { id: true, modelId: true, repetition: true, scenario: { select: { externalId: true, category: true } } } } } });

  it("is balanced across models, proportional across categories, keeps pairs together, oversamples and is reproducible", async () => {
    const studyId = await sampleStudy();
    const pool = await raters(2);
    const spec = { size: 12, seed: "validation-1", oversample: { rater: "judge", share: 0.5 } };
    const created = await api<{ id: string; items: number; sample: { selected: number; strata: { model: string; category: string; target: number; selected: number; flaggedSelected: number }[] } }>(
      `/api/v1/studies/${studyId}/queues`,
      { method: "POST", token: admin.token, json: { name: unique("sample"), raters: pool.map((r) => r.email), sample: spec } },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.items).toBe(12);
    const items = await sampled(created.body.id);
    const answers = items.map((i) => i.response);
    const perModel = (model: string) => answers.filter((a) => a.modelId === model);
    for (const model of ["m-a", "m-b", "m-c"]) {
      // 4 each: 8 of 12 answers per model are acute, 4 chronic → 8/3 ≈ 2.67 and 4/3 ≈ 1.33 → 3 and 1.
      expect(perModel(model)).toHaveLength(4);
      expect(perModel(model).filter((a) => a.scenario.category === "chronic")).toHaveLength(1);
      // The one chronic answer is a flagged one (repetition 1): oversampled to half of a stratum of 1.
      expect(perModel(model).find((a) => a.scenario.category === "chronic")?.repetition).toBe(1);
      const pairAnswers = perModel(model).filter((a) => ["A1", "A2"].includes(a.scenario.externalId));
      for (const a of pairAnswers) {
        expect(pairAnswers.some((b) => b.repetition === a.repetition && b.scenario.externalId !== a.scenario.externalId)).toBe(true);
      }
    }
    expect(created.body.sample.strata).toContainEqual({ model: "m-b", category: "chronic", available: 4, flaggedAvailable: 2, target: 1, selected: 1, flaggedSelected: 1, contentFilteredSelected: 0 });

    const again = await queue(studyId, pool, { sample: spec });
    expect(new Set((await sampled(again.id)).map((i) => i.response.id))).toEqual(new Set(answers.map((a) => a.id)));
    const stored = await prisma.queue.findUniqueOrThrow({ where: { id: created.body.id }, select: { sample: true } });
    expect(stored.sample).toMatchObject({ size: 12, seed: "validation-1", report: { selected: 12 } });
  });

  it("names the field when the sample is too large or the oversampling rater unknown, and builds nothing", async () => {
    const studyId = await sampleStudy();
    const pool = await raters(2);
    const build = (sample: unknown) => api<ApiErrorBody>(`/api/v1/studies/${studyId}/queues`, { method: "POST", token: admin.token, json: { name: unique("bad"), raters: pool.map((r) => r.email), sample } });
    const tooLarge = await build({ size: 37, seed: 1 });
    expect(tooLarge.status).toBe(422);
    expect(tooLarge.body.error).toMatchObject({ message: "The sample asks for 37 answers but only 36 are available.", details: [{ field: "sample.size" }] });
    const ghost = await build({ size: 5, seed: 1, oversample: { rater: "ghost", share: 0.3 } });
    expect(ghost.status).toBe(422);
    expect(ghost.body.error.details[0]?.field).toBe("sample.oversample.rater");
    const share = await build({ size: 5, seed: 1, oversample: { rater: "judge", share: 1.5 } });
    expect(share.status).toBe(422);
    expect(share.body.error.details[0]?.field).toBe("sample.oversample.share");
    expect(await prisma.queue.count({ where: { studyId } })).toBe(0);
  });
});

describe("claiming under concurrency", () => {
  it("gives every item exactly the ratings asked, by distinct raters, with no claim lost (24 concurrent raters)", async () => {
    const studyId = await study(30);
    const pool = await raters(24);
    const { id: queueId } = await queue(studyId, pool);
    const outcomes = await Promise.all(
      pool.map(async (who) => {
        const done: string[] = [];
        for (;;) {
          const claim = await next(queueId, who);
          if (claim.status === 204) return { done, failed: 0 };
          if (claim.status !== 200) return { done, failed: 1 };
          const submitted = await submit(claim.body.assignmentId, who);
          if (submitted.status !== 201) return { done, failed: 1 };
          done.push(claim.body.blindCode);
        }
      }),
    );
    expect(outcomes.reduce((n, o) => n + o.failed, 0)).toBe(0);
    expect(outcomes.reduce((n, o) => n + o.done.length, 0)).toBe(60);
    const perItem = await prisma.$queryRaw<{ ratings: number; raters: number }[]>`
      SELECT count(g.id)::int AS ratings, count(DISTINCT g.rater_id)::int AS raters
      FROM queue_items qi LEFT JOIN ratings g ON g.response_id = qi.response_id
      WHERE qi.queue_id = ${queueId}::uuid GROUP BY qi.id`;
    expect(perItem).toHaveLength(30);
    expect(perItem.every((row) => row.ratings === 2 && row.raters === 2)).toBe(true);
    for (const outcome of outcomes) expect(new Set(outcome.done).size).toBe(outcome.done.length);
    const active = await prisma.assignment.count({ where: { queueItem: { queueId }, status: "active" } });
    expect(active).toBe(0);
  });
});

describe("an assignment", () => {
  it("is resumed, not duplicated, when the rater asks again", async () => {
    const studyId = await study(3);
    const pool = await raters(2);
    const { id: queueId } = await queue(studyId, pool);
    const [first, again] = [await next(queueId, pool[0] as User), await next(queueId, pool[0] as User)];
    expect(again.body.assignmentId).toBe(first.body.assignmentId);
    expect(await prisma.assignment.count({ where: { queueItem: { queueId } } })).toBe(1);
  });

  it("whose lease expired goes to another rater, and its late rating is refused (409); a lapsed hold nobody took still submits", async () => {
    const studyId = await study(1);
    const [slow, quick, third] = await raters(3);
    const { id: queueId } = await queue(studyId, [slow, quick, third] as User[], { ratingsPerItem: 1 });
    const held = await next(queueId, slow as User);
    await prisma.assignment.update({ where: { id: held.body.assignmentId }, data: { leaseExpiresAt: new Date(Date.now() - 1000) } });
    const taken = await next(queueId, quick as User);
    expect(taken.status).toBe(200);
    expect(taken.body.blindCode).toBe(held.body.blindCode);
    const late = await submit(held.body.assignmentId, slow as User);
    expect(late.status).toBe(409);
    expect(late.body.error?.message).toMatch(/expired and another rater has taken it/);
    expect(await prisma.rating.count({ where: { response: { studyId } } })).toBe(0);

    await prisma.assignment.update({ where: { id: taken.body.assignmentId }, data: { leaseExpiresAt: new Date(Date.now() - 1000) } });
    expect((await submit(taken.body.assignmentId, quick as User)).status).toBe(201);
    expect((await next(queueId, third as User)).status).toBe(204);
  });

  it("skipped with a reason frees the slot for another rater and never comes back to the skipper", async () => {
    const studyId = await study(1);
    const [a, b] = await raters(2);
    const { id: queueId } = await queue(studyId, [a, b] as User[], { ratingsPerItem: 1 });
    const held = await next(queueId, a as User);
    const noReason = await api<ApiErrorBody>(`/api/v1/assignments/${held.body.assignmentId}/skip`, { method: "POST", token: (a as User).token, json: {} });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.details[0]?.field).toBe("reason");
    const skipped = await api(`/api/v1/assignments/${held.body.assignmentId}/skip`, { method: "POST", token: (a as User).token, json: { reason: "Conflict of interest" } });
    expect(skipped.status).toBe(200);
    expect((await next(queueId, b as User)).body.blindCode).toBe(held.body.blindCode);
    expect((await next(queueId, a as User)).status).toBe(204);
    expect(await prisma.auditLog.count({ where: { entityId: held.body.assignmentId, action: "assignment.skip" } })).toBe(1);
  });

  it("can be rated again as an edit that keeps the earlier version", async () => {
    const studyId = await study(1);
    const pool = await raters(2);
    const { id: queueId } = await queue(studyId, pool);
    const held = await next(queueId, pool[0] as User);
    expect((await submit(held.body.assignmentId, pool[0] as User, rating(1, 0))).status).toBe(201);
    const edited = await submit(held.body.assignmentId, pool[0] as User, rating(3, 2));
    expect(edited.status).toBe(200);
    expect(edited.body.version).toBe(2);
    const stored = await prisma.rating.findFirstOrThrow({ where: { assignmentId: held.body.assignmentId }, include: { revisions: true } });
    expect(stored).toMatchObject({ omissionHarm: 3, commissionHarm: 2, version: 2 });
    expect(stored.revisions).toEqual([expect.objectContaining({ version: 1, snapshot: expect.objectContaining({ omissionHarm: 1, commissionHarm: 0 }) as unknown })]);
    const actions = await prisma.auditLog.findMany({ where: { OR: [{ entityId: stored.id }, { entityId: held.body.assignmentId }] }, orderBy: { id: "asc" } });
    expect(actions.map((a) => a.action)).toEqual(["assignment.claim", "rating.submit", "rating.edit"]);
  });

  it("sent again unchanged (a resend after a lost answer) is no edit: no new version, revision or audit entry", async () => {
    const studyId = await study(1);
    const pool = await raters(2);
    const { id: queueId } = await queue(studyId, pool);
    const held = await next(queueId, pool[0] as User);
    expect((await submit(held.body.assignmentId, pool[0] as User, rating(2, 1))).status).toBe(201);
    const again = await submit(held.body.assignmentId, pool[0] as User, rating(2, 1));
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(1);
    const stored = await prisma.rating.findFirstOrThrow({ where: { assignmentId: held.body.assignmentId }, include: { revisions: true } });
    expect(stored.revisions).toEqual([]);
    expect(await prisma.auditLog.count({ where: { entityId: stored.id, action: "rating.edit" } })).toBe(0);
  });

  it("refuses an incomplete or out-of-range rating, naming the field", async () => {
    const studyId = await study(1);
    const pool = await raters(2);
    const { id: queueId } = await queue(studyId, pool);
    const held = await next(queueId, pool[0] as User);
    const wrongCount = await submit(held.body.assignmentId, pool[0] as User, { ...rating(), critical_action_results: ["hit"] });
    expect(wrongCount.status).toBe(422);
    expect(wrongCount.body.error?.details).toEqual([{ field: "critical_action_results", message: "Give one result per critical action: 3, not 1." }]);
    const outOfRange = await submit(held.body.assignmentId, pool[0] as User, { ...rating(), omission_harm: -1, reasoning: "" });
    expect(outOfRange.status).toBe(422);
    expect(outOfRange.body.error?.details.map((d) => d.field)).toEqual(["omission_harm", "reasoning"]);
  });
});

describe("a locked study", () => {
  it("refuses claims, submissions and edits with 409", async () => {
    const studyId = await study(2);
    const pool = await raters(2);
    const { id: queueId } = await queue(studyId, pool);
    const rated = await next(queueId, pool[0] as User);
    await submit(rated.body.assignmentId, pool[0] as User);
    const held = await next(queueId, pool[0] as User);
    await prisma.study.update({ where: { id: studyId }, data: { lockedAt: new Date() } });
    expect((await next(queueId, pool[1] as User)).status).toBe(409);
    expect((await submit(held.body.assignmentId, pool[0] as User)).status).toBe(409);
    const edit = await submit(rated.body.assignmentId, pool[0] as User, rating(4, 3));
    expect(edit.status).toBe(409);
    expect(edit.body.error?.message).toMatch(/locked/);
  });
});

describe("blinding and access", () => {
  it("sends a rater only the blind code and the texts: no model, repetition or database id of the answer", async () => {
    // Distinctive identifiers and neutral texts, so any leak of an identifier shows.
    const { id: studyId } = await createStudy({ name: unique("Blinding") }, admin.user.id);
    const post = (kind: string, body: string) => api(`/api/v1/studies/${studyId}/${kind}`, { method: "POST", token: admin.token, body });
    await post("scenarios", JSON.stringify(scenario("SCEN-SECRET-7", { prompt: "A neutral prompt.", gold_standard_response: "A neutral gold standard." })));
    await post("responses", ndjson([0, 1].map((i) => answer("SCEN-SECRET-7", `model-secret-${i}`, 40 + i, { response: "A neutral answer." }))));
    const pool = await raters(2);
    const { id: queueId } = await queue(studyId, pool);
    const response = await fetch(`${(await import("@/tests/integration/helpers")).baseUrl()}/api/v1/queues/${queueId}/next`, {
      method: "POST",
      headers: { authorization: `Bearer ${(pool[0] as User).token}` },
    });
    const raw = await response.text();
    const item = JSON.parse(raw) as Item;
    expect(Object.keys(item).sort()).toEqual(["assignmentId", "blindCode", "leaseExpiresAt", "response", "scenario"]);
    expect(Object.keys(item.scenario).sort()).toEqual(["critical_actions", "gold_standard_response", "prompt", "system_prompt"]);
    const answers = await prisma.response.findMany({ where: { studyId }, include: { scenario: true } });
    for (const a of answers) {
      for (const secret of [a.id, a.modelId, a.scenarioId, a.scenario.externalId, a.importBatchId ?? "batch", `"model`, `"rep`]) {
        expect(raw, secret).not.toContain(secret);
      }
    }
  });

  it("hides queues outside the rater's pool and other raters' assignments (404), and is for raters only (403)", async () => {
    const studyId = await study(2);
    const [inPool, other, outsider] = await raters(3);
    const { id: queueId } = await queue(studyId, [inPool, other] as User[]);
    expect((await next(queueId, outsider as User)).status).toBe(404);
    const held = await next(queueId, inPool as User);
    expect((await submit(held.body.assignmentId, other as User)).status).toBe(404);
    const researcher = await userWithToken("researcher");
    expect((await next(queueId, researcher)).status).toBe(403);
  });
});
