// The claim in one call: a claim of a queue without quality items is one
// statement to the database (tandem_claim), answers exactly what the blinded
// item says, leaves its audit row, and offers exactly the items the one rule
// of what is left (claimable.ts) offers. A first rating on a live hold is one
// statement too (tandem_submit_first_rating), and saves what the transaction does.
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { api, userWithToken } from "@/tests/integration/helpers";
import { createQueue, next, raters, skip, studyWithAnswers, submit, validRating, type User } from "@/tests/integration/queues";
import { activeSeconds } from "./active-time";
import { blindedItem, claimNext } from "./claim";
import { boundSubject, claimable } from "./claimable";
import { physicianRatingSchema } from "./schemas";
import { submitRating } from "./submit";

let admin: User;

beforeAll(async () => {
  admin = await userWithToken("admin");
});

/** The statements `run` sends to the database (every query of every pooled connection, BEGIN and COMMIT included). */
async function statementsOf<T>(run: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = (Object.getOwnPropertyDescriptor(prototype, "query") as PropertyDescriptor).value as (...args: unknown[]) => unknown;
  prototype.query = function (this: unknown, ...args: unknown[]) {
    const [config] = args;
    statements.push(typeof config === "string" ? config : String((config as { text?: string }).text));
    return original.apply(this, args);
  };
  try {
    return { result: await run(), statements };
  } finally {
    prototype.query = original;
  }
}

describe("a claim of a queue without quality items", () => {
  it("is one statement, for a new hold and for a resumed one, and answers the blinded item with its audit row", async () => {
    const studyId = await studyWithAnswers(admin, 3);
    const pool = await raters(2);
    const [rater] = pool as [User];
    const { id: queueId } = await createQueue(admin, studyId, pool);
    // A warm-up: the client connects and learns the database on its first query.
    await prisma.$queryRaw`SELECT 1`;

    const first = await statementsOf(() => claimNext(queueId, rater.user.id));
    expect(first.statements).toHaveLength(1);
    expect(first.result).not.toBeNull();
    const claimed = first.result as NonNullable<typeof first.result>;
    expect(claimed).toEqual(await blindedItem(claimed.assignmentId));
    expect(await prisma.auditLog.count({ where: { action: "assignment.claim", entityId: claimed.assignmentId, actorId: rater.user.id, studyId } })).toBe(1);

    const resumed = await statementsOf(() => claimNext(queueId, rater.user.id));
    expect(resumed.statements).toHaveLength(1);
    expect(resumed.result).toEqual(claimed);
    // A resume claims nothing new: no second audit row.
    expect(await prisma.auditLog.count({ where: { action: "assignment.claim", entityId: claimed.assignmentId } })).toBe(1);
  });

  it("falls back to the claim transaction for a queue with gold items, a retest share or adjudication, and still claims", async () => {
    const studyId = await studyWithAnswers(admin, 3);
    const pool = await raters(3);
    const [rater] = pool as [User];
    const { id: queueId } = await createQueue(admin, studyId, pool, { adjudication: { threshold: 2 } });
    await prisma.$queryRaw`SELECT 1`;
    const { result, statements } = await statementsOf(() => claimNext(queueId, rater.user.id));
    expect(result).not.toBeNull();
    expect(statements.length).toBeGreaterThan(1);
    expect(result).toEqual(await blindedItem((result as NonNullable<typeof result>).assignmentId));
  });
});

describe("a first rating on a live hold", () => {
  it("is one statement that saves the rating, marks the hold submitted with its active time, and leaves its audit row", async () => {
    const studyId = await studyWithAnswers(admin, 2);
    const pool = await raters(2);
    const [rater] = pool as [User];
    const { id: queueId } = await createQueue(admin, studyId, pool);
    const claimed = await claimNext(queueId, rater.user.id);
    const assignmentId = (claimed as NonNullable<typeof claimed>).assignmentId;
    const sent = physicianRatingSchema.parse(validRating({ omission_harm: 2, hidden_seconds: 0.4 }));

    const { result, statements } = await statementsOf(() => submitRating(assignmentId, rater.user.id, sent));
    expect(statements).toHaveLength(1);
    expect(result.created).toBe(true);
    const saved = await prisma.rating.findUniqueOrThrow({ where: { id: result.ratingId }, include: { rater: true, response: true } });
    expect(saved).toMatchObject({
      assignmentId,
      omissionHarm: 2,
      commissionHarm: sent.commission_harm,
      criticalActionResults: sent.critical_action_results,
      responseClass: sent.response_class,
      omissionMechanism: sent.omission_mechanism,
      reasoning: sent.reasoning,
      version: result.version,
      answerVersion: saved.response.version,
      raterKind: "physician",
    });
    expect(saved.rater).toMatchObject({ userId: rater.user.id, kind: "physician", name: rater.user.name });
    const held = await prisma.assignment.findUniqueOrThrow({ where: { id: assignmentId } });
    expect(held.status).toBe("submitted");
    expect(held.activeSeconds).toBe(activeSeconds(((held.submittedAt?.getTime() ?? 0) - held.claimedAt.getTime()) / 1000, 0.4));
    const audit = await prisma.auditLog.findMany({ where: { action: "rating.submit", entityId: result.ratingId } });
    expect(audit.map((row) => [row.actorId, row.studyId, row.data])).toEqual([
      [rater.user.id, studyId, { assignmentId, answerVersion: saved.answerVersion, omission_harm: 2, commission_harm: sent.commission_harm }],
    ]);
    // The same rating sent again is no new rating: the transaction answers it as before.
    const again = await submitRating(assignmentId, rater.user.id, sent);
    expect(again).toEqual({ created: false, ratingId: result.ratingId, version: result.version });
  });
});

describe("the items the claim function may give", () => {
  it("are the items claimable.ts counts as left, for each rater of two queues of a study after ratings, skips, holds and a cannot-assess", async () => {
    const studyId = await studyWithAnswers(admin, 8);
    const pool = await raters(4);
    const [a, b, c, d] = pool as [User, User, User, User];
    const first = await createQueue(admin, studyId, pool, { ratingsPerItem: 2 });
    const second = await createQueue(admin, studyId, pool, { ratingsPerItem: 2 });

    // a rates one answer in the first queue and holds one in the second; b skips one; c cannot assess one;
    // d rates one and holds one, which fills an item with a.
    const claimA = await next(first.id, a);
    expect((await submit(claimA.body.assignmentId, a)).status).toBe(201);
    expect((await next(second.id, a)).status).toBe(200);
    const claimB = await next(first.id, b);
    expect((await skip(claimB.body.assignmentId, b)).status).toBe(200);
    const claimC = await next(first.id, c);
    const cannot = await api(`/api/v1/assignments/${claimC.body.assignmentId}/rating`, { method: "POST", token: c.token, json: { cannot_assess: { reason: "unreadable" } } });
    expect(cannot.status).toBe(201);
    const claimD = await next(first.id, d);
    expect((await submit(claimD.body.assignmentId, d)).status).toBe(201);
    expect((await next(first.id, d)).status).toBe(200);

    const sizes = new Set<number>();
    for (const queue of [first, second]) {
      for (const who of pool) {
        const byRule = await prisma.$queryRaw<{ id: string }[]>`
          SELECT qi.id FROM queue_items qi WHERE ${claimable(boundSubject(queue.id, who.user.id, 2))} ORDER BY qi.id`;
        const byFunction = await prisma.$queryRaw<{ id: string }[]>`
          SELECT qi.id FROM queue_items qi WHERE qi.queue_id = ${queue.id}::uuid AND tandem_claimable_item(qi, ${who.user.id}::uuid, 2) ORDER BY qi.id`;
        expect(byFunction).toEqual(byRule);
        sizes.add(byRule.length);
      }
    }
    // The states above leave the raters different items: the comparison is not of eight items each time.
    expect(sizes.size).toBeGreaterThan(1);
  });
});
