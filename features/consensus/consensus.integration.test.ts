// Adjudication and consensus over real HTTP: which answers go to an
// adjudicator, who may take them, what the adjudicator receives, and the
// consensus each answer ends with (export, Results, analysis source=consensus).
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { answer, ndjson, scenario } from "@/tests/fixtures/study";
import { api, newStudy, userWithToken } from "@/tests/integration/helpers";
import { createQueue, next, raters, submit, validRating, type User } from "@/tests/integration/queues";

let admin: User;
let researcher: User;

beforeAll(async () => {
  [admin, researcher] = await Promise.all([userWithToken("admin"), userWithToken("researcher")]);
});

const MODELS = ["model-alpha-7", "model-beta-9"];
const ORDINARY_KEYS = ["assignmentId", "blindCode", "leaseExpiresAt", "response", "scenario"];

/** A study of two answers (one per model, repetitions 3 and 4) whose texts name neither model nor repetition. */
async function twoAnswerStudy(): Promise<string> {
  const id = await newStudy(admin, "Adjudication study");
  const post = (kind: string, body: string) => api(`/api/v1/studies/${id}/${kind}`, { method: "POST", token: admin.token, body });
  expect((await post("scenarios", JSON.stringify(scenario("S1")))).status).toBe(200);
  const answers = MODELS.map((model, i) => answer("S1", model, 3 + i, { response: `Plain answer text ${"xyz".slice(i)}.` }));
  expect((await post("responses", ndjson(answers))).status).toBe(200);
  return id;
}

/**
 * Two physicians rate both answers of a new queue: on the answer first offered
 * to the first physician they give OH 0 and 3 (CH 0 and 1), on the other OH 0
 * and 1 (CH 0 and 0). Returns the queue and the two blind codes.
 */
async function disagreement(studyId: string, pool: User[], extra: Record<string, unknown>) {
  const [first, second] = pool as [User, User];
  const queue = await createQueue(admin, studyId, pool, extra);
  const codes: string[] = [];
  for (let i = 0; i < 2; i += 1) {
    const claim = await next(queue.id, first);
    expect(claim.status).toBe(200);
    codes.push(claim.body.blindCode);
    expect((await submit(claim.body.assignmentId, first, validRating({ omission_harm: 0, commission_harm: 0, reasoning: "First rater: complete." }))).status).toBe(201);
  }
  const [split, close] = codes as [string, string];
  for (let i = 0; i < 2; i += 1) {
    const claim = await next(queue.id, second);
    expect(claim.status).toBe(200);
    const body = claim.body.blindCode === split
      ? validRating({ omission_harm: 3, commission_harm: 1, critical_action_results: ["miss", "miss", "miss"], reasoning: "Second rater: severe gap." })
      : validRating({ omission_harm: 1, commission_harm: 0, reasoning: "Second rater: minor gap." });
    expect((await submit(claim.body.assignmentId, second, body)).status).toBe(201);
  }
  return { queueId: queue.id, split, close };
}

/** Everything that identifies the answers or the raters, none of which an adjudicator may receive. */
async function secrets(studyId: string, pool: User[]) {
  const responses = await prisma.response.findMany({ where: { studyId }, select: { id: true, modelId: true } });
  const ratingsGiven = await prisma.rating.findMany({ where: { response: { studyId } }, select: { id: true, raterId: true, assignmentId: true } });
  return [
    ...responses.flatMap((r) => [r.id, r.modelId]),
    ...ratingsGiven.flatMap((g) => [g.id, g.raterId, g.assignmentId ?? ""]).filter(Boolean),
    ...pool.flatMap((u) => [u.user.id, u.email]),
    '"repetition"', '"rep_id"', '"model', "Test rater",
  ];
}

function expectBlind(payload: unknown, hidden: string[]) {
  const json = JSON.stringify(payload);
  for (const secret of hidden) expect(json, `the payload holds ${secret}`).not.toContain(secret);
}

const consensusOf = async (studyId: string, query = "") => {
  const result = await api<string>(`/api/v1/studies/${studyId}/consensus?format=ndjson${query}`, { token: researcher.token });
  expect(result.status).toBe(200);
  return result.body.trim().split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
};

describe("adjudication", () => {
  it("an answer rated OH 0 and 3 enters adjudication, one rated 0 and 1 does not; the adjudicator is neither original rater and receives exactly an ordinary claim's keys, with no model, repetition or id", async () => {
    const pool = await raters(3);
    const [first, second, third] = pool as [User, User, User];
    const studyId = await twoAnswerStudy();
    const { queueId, split, close } = await disagreement(studyId, pool, { adjudication: { threshold: 2 } });

    // The original raters are never offered the adjudication.
    expect((await next(queueId, first)).status).toBe(204);
    expect((await next(queueId, second)).status).toBe(204);

    const claim = await next(queueId, third);
    expect(claim.status).toBe(200);
    expect(claim.body.blindCode).toBe(split);
    expect(Object.keys(claim.body).sort()).toEqual(ORDINARY_KEYS);
    expectBlind(claim.body, await secrets(studyId, pool));
    const held = await prisma.assignment.findUniqueOrThrow({ where: { id: claim.body.assignmentId }, select: { purpose: true, userId: true } });
    expect(held).toEqual({ purpose: "adjudication", userId: third.user.id });

    expect((await submit(claim.body.assignmentId, third, validRating({ omission_harm: 0, commission_harm: 1 }))).status).toBe(201);
    // The 0/1 answer never went to adjudication: nothing is left for the third physician.
    expect((await next(queueId, third)).status).toBe(204);
    expect(await prisma.assignment.count({ where: { queueItem: { queueId }, purpose: "adjudication" } })).toBe(1);
    // The adjudication is a quality rating, never one of the answer's ratings.
    expect(await prisma.rating.count({ where: { response: { studyId } } })).toBe(4);
    expect(await prisma.qualityRating.count({ where: { response: { studyId }, kind: "adjudication" } })).toBe(1);
    expect(close).not.toBe(split);
  });

  it("reconcile mode adds the earlier ratings as Rater A and Rater B, scores and reasoning only, in an order of the assignment's own", async () => {
    const pool = await raters(3);
    const third = pool[2] as User;
    const studyId = await twoAnswerStudy();
    const { queueId } = await disagreement(studyId, pool, { adjudication: { threshold: 2, mode: "reconcile" } });

    const claim = await next(queueId, third);
    expect(claim.status).toBe(200);
    expect(Object.keys(claim.body).sort()).toEqual([...ORDINARY_KEYS, "earlier_ratings"].sort());
    const earlier = (claim.body as unknown as { earlier_ratings: Record<string, unknown>[] }).earlier_ratings;
    expect(earlier.map((e) => e.label)).toEqual(["Rater A", "Rater B"]);
    for (const e of earlier) {
      expect(Object.keys(e).sort()).toEqual(["commission_harm", "critical_action_results", "label", "omission_harm", "omission_mechanism", "reasoning", "response_class"]);
    }
    expect(earlier.map((e) => e.omission_harm).sort()).toEqual([0, 3]);
    expect(earlier.map((e) => e.reasoning).sort()).toEqual(["First rater: complete.", "Second rater: severe gap."]);
    expectBlind(claim.body, await secrets(studyId, pool));
    // The order follows md5(assignment id || rating id): the same on every read of this assignment.
    const again = await next(queueId, third);
    expect((again.body as unknown as { earlier_ratings: unknown }).earlier_ratings).toEqual(earlier);
  });

  it("named adjudicators: a pool member not named is offered nothing; a named adjudicator outside the pool adjudicates and rates nothing else", async () => {
    const pool = await raters(3);
    const [outsider] = await raters(1);
    const studyId = await twoAnswerStudy();
    const { queueId, split } = await disagreement(studyId, pool, { adjudication: { threshold: 2, adjudicators: [(outsider as User).email] } });

    expect((await next(queueId, pool[2] as User)).status).toBe(204);
    const claim = await next(queueId, outsider as User);
    expect(claim.status).toBe(200);
    expect(claim.body.blindCode).toBe(split);
    expect((await submit(claim.body.assignmentId, outsider as User, validRating({ omission_harm: 3, commission_harm: 1 }))).status).toBe(201);
    expect((await next(queueId, outsider as User)).status).toBe(204);
    // Outside the pool they are offered no ordinary rating: a second queue naming them with unrated answers.
    const other = await createQueue(admin, studyId, pool.slice(0, 2), { adjudication: { threshold: 2, adjudicators: [(outsider as User).email] } });
    expect((await next(other.id, outsider as User)).status).toBe(204);
    // A stranger (neither pool nor named) is told the queue does not exist.
    const [stranger] = await raters(1);
    expect((await next(queueId, stranger as User)).status).toBe(404);
  });

  it("a named adjudicator whose only waiting answer is held for a moment by another transaction waits for it, never told 'nothing left'", async () => {
    const pool = await raters(2);
    const [outsider] = await raters(1);
    const studyId = await twoAnswerStudy();
    const { queueId, split } = await disagreement(studyId, pool, { adjudication: { threshold: 2, adjudicators: [(outsider as User).email] } });
    const item = await prisma.queueItem.findFirstOrThrow({ where: { queueId, response: { blindCode: split } } });
    // Another transaction (as an original rater's edit would) holds the item row while the claim is made.
    let claimed: Promise<Awaited<ReturnType<typeof next>>> | undefined;
    await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM queue_items WHERE id = ${item.id}::uuid FOR UPDATE`;
      claimed = next(queueId, outsider as User);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }, { timeout: 20_000 });
    const claim = await (claimed as Promise<Awaited<ReturnType<typeof next>>>);
    expect(claim.status).toBe(200);
    expect(claim.body.blindCode).toBe(split);
  });

  it("two adjudicators at once: one gets the answer; after the lease lapses and another takes it, the first one's submission is a 409", async () => {
    const pool = await raters(4);
    const [, , third, fourth] = pool as [User, User, User, User];
    const studyId = await twoAnswerStudy();
    const { queueId } = await disagreement(studyId, pool, { adjudication: { threshold: 2 } });

    const [a, b] = await Promise.all([next(queueId, third), next(queueId, fourth)]);
    expect([a.status, b.status].sort()).toEqual([200, 204]);
    const [winner, loser] = a.status === 200 ? [third, fourth] : [fourth, third];
    const held = a.status === 200 ? a : b;

    await prisma.assignment.update({ where: { id: held.body.assignmentId }, data: { leaseExpiresAt: new Date(Date.now() - 1000) } });
    const taken = await next(queueId, loser);
    expect(taken.status).toBe(200);
    const late = await submit(held.body.assignmentId, winner, validRating({ omission_harm: 2 }));
    expect(late.status).toBe(409);
    expect(late.body.error?.code).toBe("lease_lost");
    expect((await submit(taken.body.assignmentId, loser, validRating({ omission_harm: 2 }))).status).toBe(201);
    expect(await prisma.qualityRating.count({ where: { response: { studyId }, kind: "adjudication" } })).toBe(1);
  });
});

describe("consensus", () => {
  it("per answer: unresolved then adjudicated, agreed = median rounded half up; Results counts the backlog and the side taken; analysis source=consensus equals the hand computation", async () => {
    const pool = await raters(3);
    const third = pool[2] as User;
    const studyId = await twoAnswerStudy();
    const { queueId, split, close } = await disagreement(studyId, pool, { adjudication: { threshold: 2 } });

    const before = await consensusOf(studyId);
    const row = (rows: Record<string, unknown>[], code: string) => rows.find((r) => r.blind_code === code);
    expect(row(before, split)).toMatchObject({ provenance: "unresolved", omission_harm: null, commission_harm: null, n_ratings: 2, rater_a_omission_harm: 0, rater_b_omission_harm: 3 });
    // OH 0 and 1: median 0.5, rounded half up: 1. CH 0 and 0: 0.
    expect(row(before, close)).toMatchObject({ provenance: "agreed", omission_harm: 1, commission_harm: 0, n_ratings: 2 });
    const results = async () => (await api<{ adjudication: Record<string, unknown> }>(`/api/v1/studies/${studyId}/results`, { token: researcher.token })).body.adjudication;
    expect(await results()).toMatchObject({ answers: 2, agreed: 1, adjudicated: 0, backlog: 1 });

    const claim = await next(queueId, third);
    // The adjudicator gives OH 0 (rater A's) and CH 2 (neither 0 nor 1).
    expect((await submit(claim.body.assignmentId, third, validRating({ omission_harm: 0, commission_harm: 2, critical_action_results: ["hit", "hit", "partial"] }))).status).toBe(201);

    const after = await consensusOf(studyId, `&queue=${queueId}`);
    expect(row(after, split)).toMatchObject({ provenance: "adjudicated", omission_harm: 0, commission_harm: 2, adjudicator_omission_harm: 0, adjudicator_commission_harm: 2, scenario_id: "S1" });
    expect(new Set(after.map((r) => r.model_id))).toEqual(new Set(MODELS));
    expect(await results()).toMatchObject({
      answers: 2, agreed: 1, adjudicated: 1, backlog: 0,
      sided_with: { omission_harm: { n: 1, rater_a: 1, rater_b: 0, neither: 0 }, commission_harm: { n: 1, rater_a: 0, rater_b: 0, neither: 1 } },
    });

    const csv = await api<string>(`/api/v1/studies/${studyId}/consensus?format=csv`, { token: researcher.token });
    expect(csv.body.split("\r\n")[0]).toBe("scenario_id,model_id,repetition,blind_code,queue,provenance,omission_harm,commission_harm,n_ratings,rater_a_omission_harm,rater_a_commission_harm,rater_b_omission_harm,rater_b_commission_harm,adjudicator_omission_harm,adjudicator_commission_harm");

    // Hand computation: the split answer's model scores the adjudicator's OH 0, CH 2, actions 1, 1, 0.5;
    // the close answer's model the agreed OH 1, CH 0 and its raters' mean actions (hit, partial, miss twice: 1, 0.5, 0).
    const splitModel = (await prisma.response.findFirstOrThrow({ where: { blindCode: split }, select: { modelId: true } })).modelId;
    const analysis = await api<{ source: string; models: { model: string; n: number; mean_oh: number; mean_ch: number }[] }>(`/api/v1/studies/${studyId}/analysis?source=consensus`, { token: researcher.token });
    expect(analysis.status).toBe(200);
    expect(analysis.body.source).toBe("consensus");
    const byModel = new Map(analysis.body.models.map((m) => [m.model, m]));
    expect(byModel.get(splitModel)).toMatchObject({ n: 1, mean_oh: 0, mean_ch: 2 });
    expect(byModel.get(MODELS.find((m) => m !== splitModel) as string)).toMatchObject({ n: 1, mean_oh: 1, mean_ch: 0 });
    // The physicians source still averages the ratings: (0 + 3) / 2 = 1.5 on the split answer.
    const physicians = await api<{ models: { model: string; mean_oh: number }[] }>(`/api/v1/studies/${studyId}/analysis?source=physicians`, { token: researcher.token });
    expect(physicians.body.models.find((m) => m.model === splitModel)?.mean_oh).toBe(1.5);
  });

  it("an unresolved answer is left out of source=consensus, and a queue without adjudication leaves its disagreements unresolved (t = 2)", async () => {
    const pool = await raters(3);
    const studyId = await twoAnswerStudy();
    const { queueId, split } = await disagreement(studyId, pool, {});
    expect((await next(queueId, pool[2] as User)).status).toBe(204);
    const rows = await consensusOf(studyId);
    expect(rows.find((r) => r.blind_code === split)).toMatchObject({ provenance: "unresolved" });
    const splitModel = (await prisma.response.findFirstOrThrow({ where: { blindCode: split }, select: { modelId: true } })).modelId;
    const analysis = await api<{ models: { model: string; n: number }[] }>(`/api/v1/studies/${studyId}/analysis?source=consensus`, { token: researcher.token });
    expect(analysis.body.models.find((m) => m.model === splitModel)?.n ?? 0).toBe(0);
    const results = await api<{ adjudication: Record<string, unknown> }>(`/api/v1/studies/${studyId}/results`, { token: researcher.token });
    expect(results.body.adjudication).toMatchObject({ backlog: 0, unresolved_without_adjudication: 1, agreed: 1 });
  });

  it("counts only ratings of an answer's text as it is now: a replaced text has no consensus until it is rated again", async () => {
    const pool = await raters(3);
    const studyId = await twoAnswerStudy();
    const { split, close } = await disagreement(studyId, pool, { adjudication: { threshold: 2 } });
    expect((await consensusOf(studyId)).map((r) => r.blind_code).sort()).toEqual([split, close].sort());
    const replaced = await prisma.response.findFirstOrThrow({ where: { blindCode: split } });
    const body = ndjson([answer("S1", replaced.modelId, replaced.repetition, { response: "A new text of this answer." })]);
    expect((await api(`/api/v1/studies/${studyId}/responses?replace=rated`, { method: "POST", token: admin.token, body })).status).toBe(200);
    expect((await consensusOf(studyId)).map((r) => r.blind_code)).toEqual([close]);
  });

  it("the export refuses an unknown parameter and a queue of another study by name", async () => {
    const studyId = await twoAnswerStudy();
    const unknown = await api<{ error: { details: { field: string }[] } }>(`/api/v1/studies/${studyId}/consensus?fromat=csv`, { token: researcher.token });
    expect(unknown.status).toBe(422);
    expect(JSON.stringify(unknown.body)).toContain("fromat");
    const badQueue = await api(`/api/v1/studies/${studyId}/consensus?queue=not-a-uuid`, { token: researcher.token });
    expect(badQueue.status).toBe(422);
    const otherQueue = await api(`/api/v1/studies/${studyId}/consensus?queue=00000000-0000-7000-8000-000000000000`, { token: researcher.token });
    expect(otherQueue.status).toBe(404);
  });
});
