// Over HTTP: how a rater's work on a gold item, a retest or an adjudication is
// kept (apart from the k ratings) while reaching the rater exactly as an
// ordinary item does — the answer to a submission and an edit, My ratings, the
// progress counts — and how those assignments leave the queue's own slots alone.
// The assignments are made in SQL here: the claims that hand them out are tested
// with their own kind.
import { beforeAll, describe, expect, it } from "vitest";
import type { AssignmentPurpose } from "@/lib/db/generated/enums";
import { newBlindCode } from "@/lib/blind-code";
import { prisma } from "@/lib/db/prisma";
import { sessionCookie } from "@/scripts/lib/sign-in";
import { api, baseUrl, unique, userWithToken } from "@/tests/integration/helpers";
import { createQueue, next, rating, raters, studyWithAnswers, submit, type User } from "@/tests/integration/queues";
import { raterCounts } from "./claimable";
import { listQueuesForRater } from "./my-queues";
import { listMyRatings } from "./my-ratings";

let admin: User;

/** A page's HTML as the user's signed-in session receives it (no redirect followed). */
async function pageAs(who: User, path: string): Promise<string> {
  const cookie = await sessionCookie(baseUrl(), who.email, who.password);
  const response = await fetch(`${baseUrl()}${path}`, { headers: { cookie }, redirect: "manual" });
  expect(response.status, path).toBe(200);
  return response.text();
}

beforeAll(async () => {
  admin = await userWithToken("admin");
});

/** A hold of the given purpose for `who` on the queue's item of `responseId` (a gold item: made gold first). */
async function holdOf(queueId: string, responseId: string, who: User, purpose: AssignmentPurpose, blindCode: string | null = null) {
  const item = await prisma.queueItem.upsert({
    where: { queueId_responseId: { queueId, responseId } },
    update: {},
    create: { queueId, responseId, gold: purpose === "gold" },
  });
  return prisma.assignment.create({
    data: { queueItemId: item.id, userId: who.user.id, purpose, blindCode, leaseExpiresAt: new Date(Date.now() + 3_600_000) },
  });
}

/** The i-th element, which the test set up to exist. */
function nth<T>(list: readonly T[], i: number): T {
  const value = list[i];
  if (value === undefined) throw new Error(`no element ${String(i)}`);
  return value;
}

/** A study of `answers` answers, a queue over the first `inQueue` of them (k = 2), and its pool. */
async function setUp(answers: number, poolSize = 3, inQueue = answers) {
  const studyId = await studyWithAnswers(admin, answers);
  const all = await prisma.response.findMany({ where: { studyId }, orderBy: { repetition: "asc" }, select: { id: true, blindCode: true, repetition: true } });
  const pool = await raters(poolSize);
  const queue = await createQueue(admin, studyId, pool);
  // Keep the queue's own items to the first `inQueue` answers; the rest stay outside it (gold candidates).
  await prisma.queueItem.deleteMany({ where: { queueId: queue.id, responseId: { in: all.slice(inQueue).map((a) => a.id) } } });
  return { studyId, queueId: queue.id, answers: all, pool };
}

describe("a quality rating", () => {
  it("is kept apart from the k ratings and answers a submission and an edit exactly as a rating does", async () => {
    const { queueId, answers, pool } = await setUp(3, 2, 2);
    const [rater] = pool as [User, User];
    const ordinary = await next(queueId, rater);
    const gold = await holdOf(queueId, nth(answers, 2).id, rater, "gold");

    const ratingsBefore = await prisma.rating.count();
    const first = [await submit(ordinary.body.assignmentId, rater, rating(1, 0)), await submit(gold.id, rater, rating(1, 0))];
    expect(first.map((r) => r.status)).toEqual([201, 201]);
    expect(Object.keys(nth(first, 1).body).sort()).toEqual(Object.keys(nth(first, 0).body).sort());
    expect(await prisma.rating.count()).toBe(ratingsBefore + 1);
    expect(await prisma.qualityRating.count({ where: { assignmentId: gold.id, kind: "gold" } })).toBe(1);
    expect(await prisma.pooledPair.count({ where: { responseId: nth(answers, 2).id } })).toBe(0);

    // An edit makes version 2, with the earlier version kept and its reason; the same values again change nothing.
    const edited = [
      await submit(ordinary.body.assignmentId, rater, { ...rating(2, 0), change_reason: "Second look." }),
      await submit(gold.id, rater, { ...rating(2, 0), change_reason: "Second look." }),
    ];
    expect(edited.map((r) => [r.status, r.body.version])).toEqual([[200, 2], [200, 2]]);
    const again = await submit(gold.id, rater, rating(2, 0));
    expect([again.status, again.body.version]).toEqual([200, 2]);
    const stored = await prisma.qualityRating.findUniqueOrThrow({ where: { assignmentId: gold.id }, include: { revisions: true } });
    expect([stored.omissionHarm, stored.version]).toEqual([2, 2]);
    expect(stored.revisions.map((r) => [r.version, r.changeReason])).toEqual([[1, "Second look."]]);
  });

  it("is listed in My ratings under the code the rater saw, and opens for editing there", async () => {
    const { queueId, pool } = await setUp(2, 2);
    const [rater] = pool as [User, User];
    const first = await next(queueId, rater);
    expect((await submit(first.body.assignmentId, rater)).status).toBe(201);
    const code = newBlindCode();
    const retest = await holdOf(queueId, (await prisma.assignment.findUniqueOrThrow({ where: { id: first.body.assignmentId }, include: { queueItem: true } })).queueItem.responseId, rater, "retest", code);
    expect((await submit(retest.id, rater, rating(3, 1))).status).toBe(201);

    const mine = await listMyRatings(queueId, rater.user.id);
    expect(mine.map((m) => [m.blindCode, m.omissionHarm])).toEqual(expect.arrayContaining([[first.body.blindCode, 1], [code, 3]]));
    // The retest is not listed under the answer's own code: that code stays the first rating's alone.
    expect(mine.filter((m) => m.blindCode === first.body.blindCode)).toHaveLength(1);
    expect(await pageAs(rater, `/queues/${queueId}/ratings/${retest.id}`)).toContain(code);
  });

  it("on a retest may be 'cannot assess', which a retest is not refused as already rated", async () => {
    const { queueId, pool } = await setUp(2, 2);
    const [rater] = pool as [User, User];
    const first = await next(queueId, rater);
    expect((await submit(first.body.assignmentId, rater)).status).toBe(201);
    const responseId = (await prisma.assignment.findUniqueOrThrow({ where: { id: first.body.assignmentId }, include: { queueItem: true } })).queueItem.responseId;
    const retest = await holdOf(queueId, responseId, rater, "retest", newBlindCode());
    const abstained = await submit(retest.id, rater, { cannot_assess: { reason: "unreadable" } });
    expect(abstained.status).toBe(201);
    expect((await prisma.assignment.findUniqueOrThrow({ where: { id: retest.id } })).status).toBe("cannot_assess");
  });
});

describe("the queue's own slots", () => {
  it("are not taken by a retest: the item's second slot still goes to another rater", async () => {
    const { queueId, pool } = await setUp(1, 2);
    const [first, second] = pool as [User, User];
    const claimed = await next(queueId, first);
    expect((await submit(claimed.body.assignmentId, first)).status).toBe(201);
    const responseId = (await prisma.assignment.findUniqueOrThrow({ where: { id: claimed.body.assignmentId }, include: { queueItem: true } })).queueItem.responseId;
    await holdOf(queueId, responseId, first, "retest", newBlindCode());

    const other = await next(queueId, second);
    expect(other.status).toBe(200);
    expect(other.body.blindCode).toBe(claimed.body.blindCode);
  });

  it("count the same 'left' for a rater holding a gold item as for one holding an item of the queue", async () => {
    const { queueId, answers, pool } = await setUp(4, 2, 3);
    const [holdingOwn, holdingGold] = pool as [User, User];
    const before = await raterCounts([{ queueId, userId: holdingOwn.user.id }, { queueId, userId: holdingGold.user.id }]);
    expect(before.map((c) => c.left)).toEqual([3, 3]);
    await next(queueId, holdingOwn);
    await holdOf(queueId, nth(answers, 3).id, holdingGold, "gold");
    const after = await raterCounts([{ queueId, userId: holdingOwn.user.id }, { queueId, userId: holdingGold.user.id }]);
    expect(after.map((c) => [c.left, c.holding])).toEqual([[3, 1], [3, 1]]);
  });
});

describe("a rater's progress", () => {
  it("leaves out what is left in a queue mixing in quality items, and shows it in one that does not", async () => {
    const { queueId, pool } = await setUp(2, 2);
    const [rater] = pool as [User, User];
    const shown = async () => (await listQueuesForRater(rater.user.id)).find((q) => q.id === queueId)?.progress.left;
    expect(await shown()).toBe(2);
    await prisma.queue.update({ where: { id: queueId }, data: { goldRate: 0.1 } });
    expect(await shown()).toBeNull();
    const html = await pageAs(rater, `/queues/${queueId}`);
    expect(html).toContain('data-testid="my-progress"');
    expect(html).not.toContain("left for you");
  });
});

describe("cannot assess", () => {
  it("keeps the answer from that rater in every queue of the study, not only the queue it was given in", async () => {
    const { studyId, queueId, pool } = await setUp(1, 2);
    const [rater, other] = pool as [User, User];
    const claimed = await next(queueId, rater);
    expect((await submit(claimed.body.assignmentId, rater, { cannot_assess: { reason: "outside_expertise" } })).status).toBe(201);
    const second = await createQueue(admin, studyId, [rater, other]);
    expect((await next(second.id, rater)).status).toBe(204);
    expect((await next(second.id, other)).status).toBe(200);
  });
});

describe("a queue with adjudication", () => {
  it("is refused (422 naming adjudication.adjudicators) when nobody could adjudicate: no one named and a pool of only k", async () => {
    const studyId = await studyWithAnswers(admin, 1);
    const pool = await raters(2);
    const refused = await api<{ error: { details: { field: string }[] } }>(`/api/v1/studies/${studyId}/queues`, {
      method: "POST",
      token: admin.token,
      json: { name: unique("queue"), raters: pool.map((r) => r.email), ratingsPerItem: 2, adjudication: { threshold: 2 } },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.map((d) => d.field)).toContain("adjudication.adjudicators");
    expect(await prisma.queue.count({ where: { studyId } })).toBe(0);
  });
});
