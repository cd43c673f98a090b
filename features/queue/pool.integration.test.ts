// A queue's pool changed after it was built, over HTTP: a skipped answer that
// no one left in the pool could rate reaches k through a rater the admin adds;
// removing a rater releases their holds, keeps their ratings and shuts them
// out of the queue; a removal that would strand answers is refused; bad input
// is a 4xx naming the field and changes nothing; a locked study refuses both.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import type { QueueProgress } from "@/features/queue/progress";
import { api, userWithToken, type ApiErrorBody } from "@/tests/integration/helpers";
import { createQueue, next, rateToTheEnd, raters, studyWithAnswers, submit, type User } from "@/tests/integration/queues";

let admin: User;

beforeAll(async () => {
  admin = await userWithToken("admin");
});

const progress = async (queueId: string, who: User = admin) => {
  const result = await api<QueueProgress>(`/api/v1/queues/${queueId}`, { token: who.token });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body;
};
const addRater = (queueId: string, json: unknown, who: User = admin) =>
  api<{ userId: string; email: string } & Partial<ApiErrorBody>>(`/api/v1/queues/${queueId}/raters`, { method: "POST", token: who.token, json });
const removeRater = (queueId: string, userId: string, who: User = admin) =>
  api<{ releasedHolds: number } & Partial<ApiErrorBody>>(`/api/v1/queues/${queueId}/raters/${userId}`, { method: "DELETE", token: who.token });
const poolOf = async (queueId: string) => (await prisma.queueRater.findMany({ where: { queueId }, select: { userId: true } })).map((r) => r.userId).sort();

describe("a skipped answer and a rater added after the queue was built", () => {
  it("lists the answer short of k with the skip and no eligible rater, then the added rater completes exactly it", async () => {
    const studyId = await studyWithAnswers(admin, 3);
    const [first, second] = (await raters(2)) as [User, User];
    const queue = await createQueue(admin, studyId, [first, second], { ratingsPerItem: 2 });

    const skipped = await rateToTheEnd(queue.id, first, { skipFirst: "I treated this patient." });
    await rateToTheEnd(queue.id, second);
    // The skip does not come back to the skipper.
    expect((await next(queue.id, first)).status).toBe(204);

    const stuck = await progress(queue.id);
    expect(stuck.coverage).toEqual([{ ratings: 0, answers: 0 }, { ratings: 1, answers: 1 }, { ratings: 2, answers: 2 }]);
    expect(stuck.complete).toBe(2);
    expect(stuck.short).toMatchObject({ total: 1, waiting: 0, noEligibleRater: 1, truncated: false });
    expect(stuck.short.listed).toHaveLength(1);
    expect(stuck.short.listed[0]).toMatchObject({
      blindCode: skipped,
      ratings: 1,
      holding: 0,
      eligibleRaters: 0,
      reason: "no_eligible_rater",
      skips: [{ userId: first.user.id, email: first.email, reason: "I treated this patient." }],
    });
    const counts = (who: User) => stuck.raters.find((r) => r.userId === who.user.id);
    expect(counts(first)).toMatchObject({ inPool: true, rated: 2, skipped: 1, holding: 0, left: 0 });
    expect(counts(second)).toMatchObject({ inPool: true, rated: 3, skipped: 0, holding: 0, left: 0 });

    const [third] = (await raters(1)) as [User];
    const added = await addRater(queue.id, { email: third.email.toUpperCase() });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({ userId: third.user.id, email: third.email });
    expect(await prisma.auditLog.count({ where: { entityId: queue.id, action: "queue.rater.add", actorId: admin.user.id } })).toBe(1);

    const waiting = await progress(queue.id);
    expect(waiting.short).toMatchObject({ total: 1, waiting: 1, noEligibleRater: 0 });
    expect(waiting.short.listed[0]).toMatchObject({ blindCode: skipped, eligibleRaters: 1, reason: "waiting" });
    expect(waiting.raters.find((r) => r.userId === third.user.id)).toMatchObject({ inPool: true, rated: 0, skipped: 0, left: 1 });

    const claim = await next(queue.id, third);
    expect(claim.status).toBe(200);
    expect(claim.body.blindCode).toBe(skipped);
    expect((await submit(claim.body.assignmentId, third)).status).toBe(201);
    expect((await next(queue.id, third)).status).toBe(204);

    const done = await progress(queue.id);
    expect(done.coverage).toEqual([{ ratings: 0, answers: 0 }, { ratings: 1, answers: 0 }, { ratings: 2, answers: 3 }]);
    expect(done.short).toMatchObject({ total: 0, listed: [] });
  });
});

describe("removing a rater", () => {
  it("releases their holds, keeps their ratings, and shuts them out of the queue", async () => {
    const studyId = await studyWithAnswers(admin, 2);
    const [leaving, stay1, stay2] = (await raters(3)) as [User, User, User];
    const queue = await createQueue(admin, studyId, [leaving, stay1, stay2], { ratingsPerItem: 2 });
    const rated = await next(queue.id, leaving);
    expect((await submit(rated.body.assignmentId, leaving)).status).toBe(201);
    const held = await next(queue.id, leaving);
    expect(held.status).toBe(200);

    const removed = await removeRater(queue.id, leaving.user.id);
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(removed.body.releasedHolds).toBe(1);
    expect(await poolOf(queue.id)).toEqual([stay1.user.id, stay2.user.id].sort());
    expect((await prisma.assignment.findUniqueOrThrow({ where: { id: held.body.assignmentId } })).status).toBe("expired");
    expect(await prisma.rating.count({ where: { assignmentId: rated.body.assignmentId } })).toBe(1);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: queue.id, action: "queue.rater.remove" } });
    expect(audit.data).toMatchObject({ rater: { id: leaving.user.id }, releasedHolds: 1 });

    // Shut out: no claim, no submission on the released hold, no edit of the earlier rating, no skip.
    expect((await next(queue.id, leaving)).status).toBe(404);
    expect((await submit(held.body.assignmentId, leaving)).status).toBe(404);
    expect((await submit(rated.body.assignmentId, leaving)).status).toBe(404);
    expect((await api(`/api/v1/assignments/${held.body.assignmentId}/skip`, { method: "POST", token: leaving.token, json: { reason: "x" } })).status).toBe(404);

    // The rating still counts; the released slot goes to the others.
    const after = await progress(queue.id);
    expect(after.raters.find((r) => r.userId === leaving.user.id)).toMatchObject({ inPool: false, rated: 1, holding: 0, left: 0 });
    expect(after.coverage).toEqual([{ ratings: 0, answers: 1 }, { ratings: 1, answers: 1 }, { ratings: 2, answers: 0 }]);
    await rateToTheEnd(queue.id, stay1);
    await rateToTheEnd(queue.id, stay2);
    expect((await progress(queue.id)).complete).toBe(2);
  });

  it("racing the removed rater's own claims, leaves them no live hold and no way to submit", async () => {
    const studyId = await studyWithAnswers(admin, 6);
    const [leaving, stay1, stay2] = (await raters(3)) as [User, User, User];
    const queue = await createQueue(admin, studyId, [leaving, stay1, stay2], { ratingsPerItem: 2 });
    const [removed, ...claims] = await Promise.all([removeRater(queue.id, leaving.user.id), ...Array.from({ length: 8 }, () => next(queue.id, leaving))]);
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    // Each claim ran wholly before the removal (and its hold was released) or after it (404).
    expect(claims.every((claim) => claim.status === 200 || claim.status === 404)).toBe(true);
    const live = await prisma.assignment.count({
      where: { userId: leaving.user.id, status: "active", leaseExpiresAt: { gt: new Date() }, queueItem: { queueId: queue.id } },
    });
    expect(live).toBe(0);
    for (const claim of claims.filter((c) => c.status === 200)) expect((await submit(claim.body.assignmentId, leaving)).status).toBe(404);
  });

  it("is refused when it would strand answers the pool could complete, and for the last rater while answers are pending", async () => {
    const studyId = await studyWithAnswers(admin, 2);
    const [a, b] = (await raters(2)) as [User, User];
    const pair = await createQueue(admin, studyId, [a, b], { ratingsPerItem: 2 });
    const stranding = await removeRater(pair.id, a.user.id);
    expect(stranding.status).toBe(409);
    expect(stranding.body.error?.message).toMatch(/2 answers short of the ratings asked would have no eligible rater left/);
    expect(await poolOf(pair.id)).toEqual([a.user.id, b.user.id].sort());

    const [solo] = (await raters(1)) as [User];
    const single = await createQueue(admin, studyId, [solo], { ratingsPerItem: 1 });
    // The last rater, who has skipped the only answer left: nobody could complete it, yet the pool may not be emptied.
    const first = await next(single.id, solo);
    expect((await submit(first.body.assignmentId, solo)).status).toBe(201);
    const second = await next(single.id, solo);
    expect((await api(`/api/v1/assignments/${second.body.assignmentId}/skip`, { method: "POST", token: solo.token, json: { reason: "Unsure" } })).status).toBe(200);
    const last = await removeRater(single.id, solo.user.id);
    expect(last.status).toBe(409);
    expect(last.body.error?.message).toMatch(/last rater and 1 answer is still short/);
    expect(await poolOf(single.id)).toEqual([solo.user.id]);
    expect(await prisma.auditLog.count({ where: { entityId: { in: [pair.id, single.id] }, action: "queue.rater.remove" } })).toBe(0);

    // Once nothing is pending, the last rater may go.
    const [helper] = (await raters(1)) as [User];
    expect((await addRater(single.id, { email: helper.email })).status).toBe(201);
    await rateToTheEnd(single.id, helper);
    expect((await removeRater(single.id, helper.user.id)).status).toBe(200);
    expect((await removeRater(single.id, solo.user.id)).status).toBe(200);
    expect(await poolOf(single.id)).toEqual([]);
  });
});

describe("bad input", () => {
  it("is a 4xx naming the field and changes nothing", async () => {
    const studyId = await studyWithAnswers(admin, 1);
    const pool = await raters(2);
    const queue = await createQueue(admin, studyId, pool);
    const before = await poolOf(queue.id);
    const researcher = await userWithToken("researcher");
    const [inactive] = (await raters(1)) as [User];
    await prisma.user.update({ where: { id: inactive.user.id }, data: { active: false } });

    const refusals: [unknown, number, string][] = [
      [{ email: "nobody@test.tandem" }, 422, "nobody@test.tandem is not a user."],
      [{ email: researcher.email }, 422, `${researcher.email} is not an active rater.`],
      [{ email: inactive.email }, 422, `${inactive.email} is not an active rater.`],
      [{ email: "not an email" }, 422, "email must be the email address of an active rater."],
      [{}, 422, "email must be the email address of an active rater."],
      [{ email: "a\u0000@test.tandem" }, 422, ""],
      [{ email: pool[0]?.email }, 409, "Already in the pool."],
    ];
    for (const [json, status, message] of refusals) {
      const result = await addRater(queue.id, json);
      expect(result.status, JSON.stringify(json)).toBe(status);
      expect(result.body.error?.details.some((d) => d.field === "email" && d.message.includes(message)), JSON.stringify(result.body)).toBe(true);
    }
    const unknownField = await addRater(queue.id, { email: pool[0]?.email, role: "admin" });
    expect(unknownField.status).toBe(422);
    expect(unknownField.body.error?.details.map((d) => d.message).join(" ")).toMatch(/role/);

    const missingQueue = "00000000-0000-7000-8000-000000000000";
    expect((await addRater(missingQueue, { email: pool[0]?.email })).status).toBe(404);
    expect((await api(`/api/v1/queues/${missingQueue}`, { token: admin.token })).status).toBe(404);
    expect((await removeRater(queue.id, researcher.user.id)).status).toBe(404);
    expect((await removeRater(queue.id, "not-a-uuid")).status).toBe(404);
    expect((await removeRater(missingQueue, pool[0]?.user.id ?? "")).status).toBe(404);
    // Only admins change a pool.
    expect((await addRater(queue.id, { email: inactive.email }, researcher)).status).toBe(403);
    expect((await removeRater(queue.id, pool[0]?.user.id ?? "", researcher)).status).toBe(403);
    expect(await poolOf(queue.id)).toEqual(before);
  });
});

describe("a locked study", () => {
  it("refuses adding and removing raters with 409", async () => {
    const studyId = await studyWithAnswers(admin, 1);
    const pool = (await raters(3)) as [User, User, User];
    const queue = await createQueue(admin, studyId, pool);
    const [newcomer] = (await raters(1)) as [User];
    await prisma.study.update({ where: { id: studyId }, data: { lockedAt: new Date(), lockedById: admin.user.id } });
    const add = await addRater(queue.id, { email: newcomer.email });
    expect(add.status).toBe(409);
    expect(add.body.error?.code).toBe("study_locked");
    const remove = await removeRater(queue.id, pool[0].user.id);
    expect(remove.status).toBe(409);
    expect(remove.body.error?.code).toBe("study_locked");
    expect(await poolOf(queue.id)).toEqual(pool.map((p) => p.user.id).sort());
  });
});
