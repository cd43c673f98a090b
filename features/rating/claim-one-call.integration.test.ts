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

/** What tandem_claim answers by itself (a 'general' answer writes nothing). */
const oneCallOutcome = async (queueId: string, who: User) =>
  (await prisma.$queryRaw<{ claim: { outcome: string } }[]>`SELECT tandem_claim(${queueId}::uuid, ${who.user.id}::uuid) AS claim`)[0]?.claim.outcome;

describe("a claim of a queue with gold items or retests", () => {
  it("with a gold rate: the function answers 'general', the transaction claims, and a gold item comes when due", async () => {
    const studyId = await studyWithAnswers(admin, 4);
    const pool = await raters(2);
    const [rater] = pool as [User];
    const { id: queueId } = await createQueue(admin, studyId, pool, { gold: { rate: 0.5 } });
    // One answer of the study is kept out of the queue and given gold scores: the gold candidate.
    const goldAnswer = await prisma.response.findFirstOrThrow({ where: { studyId }, orderBy: { repetition: "desc" } });
    await prisma.queueItem.delete({ where: { queueId_responseId: { queueId, responseId: goldAnswer.id } } });
    await prisma.goldScore.create({
      data: { responseId: goldAnswer.id, studyId, omissionHarm: 1, commissionHarm: 0, criticalActionResults: ["hit", "hit", "miss"] },
    });
    await prisma.$queryRaw`SELECT 1`;

    expect(await oneCallOutcome(queueId, rater)).toBe("general");
    expect(await prisma.assignment.count({ where: { userId: rater.user.id } })).toBe(0);
    // At rate 0.5 the first item is never gold; after one rating, the second is.
    const first = await statementsOf(() => claimNext(queueId, rater.user.id));
    expect(first.statements.length).toBeGreaterThan(1);
    const firstItem = first.result as NonNullable<typeof first.result>;
    expect(firstItem).toEqual(await blindedItem(firstItem.assignmentId));
    expect((await prisma.assignment.findUniqueOrThrow({ where: { id: firstItem.assignmentId } })).purpose).toBe("rating");
    expect((await submit(firstItem.assignmentId, rater)).status).toBe(201);

    const second = await statementsOf(() => claimNext(queueId, rater.user.id));
    expect(second.statements.length).toBeGreaterThan(1);
    const goldItem = second.result as NonNullable<typeof second.result>;
    const held = await prisma.assignment.findUniqueOrThrow({ where: { id: goldItem.assignmentId }, include: { queueItem: true } });
    expect(held).toMatchObject({ purpose: "gold", status: "active", queueItem: { gold: true, responseId: goldAnswer.id } });
    expect(goldItem).toEqual(await blindedItem(goldItem.assignmentId));
    expect(goldItem.blindCode).toBe(goldAnswer.blindCode);
  });

  it("with a retest share: the function answers 'general', the transaction claims, and the retest comes when due under a code of its own", async () => {
    const studyId = await studyWithAnswers(admin, 3);
    const pool = await raters(2);
    const [rater] = pool as [User];
    const { id: queueId } = await createQueue(admin, studyId, pool, { retest: { share: 1, minHours: 0 } });
    await prisma.$queryRaw`SELECT 1`;

    expect(await oneCallOutcome(queueId, rater)).toBe("general");
    expect(await prisma.assignment.count({ where: { userId: rater.user.id } })).toBe(0);
    const first = await statementsOf(() => claimNext(queueId, rater.user.id));
    expect(first.statements.length).toBeGreaterThan(1);
    const firstItem = first.result as NonNullable<typeof first.result>;
    expect(firstItem).toEqual(await blindedItem(firstItem.assignmentId));
    const rated = await prisma.assignment.findUniqueOrThrow({ where: { id: firstItem.assignmentId } });
    expect(rated.purpose).toBe("rating");
    expect((await submit(firstItem.assignmentId, rater)).status).toBe(201);

    // At share 1 and no delay, the answer just rated comes back at once, under a new blind code.
    expect(await oneCallOutcome(queueId, rater)).toBe("general");
    const second = await statementsOf(() => claimNext(queueId, rater.user.id));
    expect(second.statements.length).toBeGreaterThan(1);
    const retest = second.result as NonNullable<typeof second.result>;
    const held = await prisma.assignment.findUniqueOrThrow({ where: { id: retest.assignmentId } });
    expect(held).toMatchObject({ purpose: "retest", status: "active", queueItemId: rated.queueItemId });
    expect(retest).toEqual(await blindedItem(retest.assignmentId));
    expect(retest.blindCode).not.toBe(firstItem.blindCode);
    expect(retest.response.text).toBe(firstItem.response.text);
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

describe("first ratings given in one call and through the transaction", () => {
  it("fire the pooled-pairs and aggregate triggers alike: two answers rated the same way each way leave the same rows", async () => {
    const studyId = await studyWithAnswers(admin, 2);
    const [oneCall, transaction] = await prisma.response.findMany({ where: { studyId }, orderBy: { repetition: "asc" }, select: { id: true } });
    const pool = await raters(2);
    const [a, b] = pool as [User, User];
    const { id: queueId } = await createQueue(admin, studyId, pool);
    const scores = new Map([[a, validRating({ omission_harm: 3, commission_harm: 1 })], [b, validRating({ omission_harm: 1, commission_harm: 2, critical_action_results: ["miss", "hit", "hit"] })]]);
    await prisma.$queryRaw`SELECT 1`;
    for (const [answer, lease] of [[oneCall, 3_600_000], [transaction, -60_000]] as const) {
      for (const who of [a, b]) {
        const item = await prisma.queueItem.findUniqueOrThrow({ where: { queueId_responseId: { queueId, responseId: answer?.id as string } } });
        // A live hold is rated in one statement; a lapsed one with its slot still free goes through the transaction.
        const held = await prisma.assignment.create({ data: { queueItemId: item.id, userId: who.user.id, leaseExpiresAt: new Date(Date.now() + lease) } });
        const { result, statements } = await statementsOf(() => submitRating(held.id, who.user.id, physicianRatingSchema.parse(scores.get(who))));
        expect(result.created).toBe(true);
        if (lease > 0) expect(statements).toHaveLength(1);
        else expect(statements.length).toBeGreaterThan(1);
      }
    }
    const pairOf = async (responseId: string) => {
      const pair = await prisma.pooledPair.findFirstOrThrow({ where: { responseId } });
      return { ratings: pair.ratings, current: pair.current, raterA: pair.raterA, ohA: pair.ohA, chA: pair.chA, actionsA: pair.actionsA,
               raterB: pair.raterB, ohB: pair.ohB, chB: pair.chB, actionsB: pair.actionsB, completed: pair.completedAt !== null };
    };
    const [raterA, raterB] = await Promise.all([a, b].map((who) => prisma.rater.findUniqueOrThrow({ where: { userId: who.user.id } })));
    const inOneCall = await pairOf(oneCall?.id as string);
    expect(inOneCall).toMatchObject({ ratings: 2, current: true, raterA: raterA?.id, ohA: 3, chA: 1, raterB: raterB?.id, ohB: 1, chB: 2, completed: true });
    expect(await pairOf(transaction?.id as string)).toEqual(inOneCall);
    // The study's aggregates count the two pairs as one cell of two, and each physician twice.
    const [tallies] = await prisma.$queryRaw<{ two_or_more: number }[]>`SELECT two_or_more FROM study_tallies WHERE study_id = ${studyId}::uuid`;
    expect(tallies?.two_or_more).toBe(2);
    const cells = await prisma.$queryRaw<{ count: number }[]>`SELECT count::int FROM study_pair_cells WHERE study_id = ${studyId}::uuid AND count <> 0`;
    expect(cells).toEqual([{ count: 2 }]);
    const physicians = await prisma.$queryRaw<{ ratings: number }[]>`SELECT ratings::int FROM study_physician_tallies WHERE study_id = ${studyId}::uuid AND ratings <> 0`;
    expect(physicians).toEqual([{ ratings: 2 }, { ratings: 2 }]);
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

describe("the rule of what a rater may claim", () => {
  it("is the same in claimable.ts and tandem_claimable_item for every item and rater, in each case one branch of the rule alone decides", async () => {
    // Eight answers, two queues over all of them (k = 2) and four raters. Every
    // state below is made so that one condition of the rule alone keeps the item
    // from a rater (or alone lets it through), and the table at the end says which.
    const studyId = await studyWithAnswers(admin, 8);
    const answers = await prisma.response.findMany({ where: { studyId }, orderBy: { repetition: "asc" }, select: { id: true } });
    const pool = await raters(4);
    const [a, b, c, d] = pool as [User, User, User, User];
    const first = await createQueue(admin, studyId, pool, { ratingsPerItem: 2 });
    const second = await createQueue(admin, studyId, pool, { ratingsPerItem: 2 });
    const answer = (i: number) => (answers[i] as { id: string }).id;
    const itemOf = async (queueId: string, i: number) =>
      (await prisma.queueItem.findUniqueOrThrow({ where: { queueId_responseId: { queueId, responseId: answer(i) } } })).id;
    const live = () => new Date(Date.now() + 3_600_000);
    const lapsed = () => new Date(Date.now() - 60_000);
    /** A hold made in SQL on the queue's item of answer i (the claim's order would pick another item). */
    const hold = async (queueId: string, i: number, who: User, leaseExpiresAt = live(), purpose: "rating" | "gold" = "rating") =>
      prisma.assignment.create({ data: { queueItemId: await itemOf(queueId, i), userId: who.user.id, purpose, leaseExpiresAt } });
    const rated = async (queueId: string, i: number, who: User) => expect((await submit((await hold(queueId, i, who)).id, who)).status).toBe(201);

    // Answer 0: a rated it in the first queue (a rating of the answer, anywhere in the study).
    await rated(first.id, 0, a);
    // Answer 1: b skipped it in the first queue only (done here, open in the second).
    expect((await skip((await hold(first.id, 1, b)).id, b)).status).toBe(200);
    // Answer 2: c could not assess it in the first queue (done in both).
    const cannot = await api(`/api/v1/assignments/${(await hold(first.id, 2, c)).id}/rating`, { method: "POST", token: c.token, json: { cannot_assess: { reason: "unreadable" } } });
    expect(cannot.status).toBe(201);
    // Answer 3: a holds it under a live lease in the second queue; b's lease on it there has lapsed.
    await hold(second.id, 3, a);
    await hold(second.id, 3, b, lapsed());
    // Answer 4, first queue: d rated it and b holds it live: both slots taken, one rating still missing.
    await rated(first.id, 4, d);
    await hold(first.id, 4, b);
    // Answer 5, first queue: d rated it and c's lease lapsed: one slot free.
    await rated(first.id, 5, d);
    await hold(first.id, 5, c, lapsed());
    // Answer 6, second queue: a and b rated it: at k, ratings_missing 0.
    await rated(second.id, 6, a);
    await rated(second.id, 6, b);
    // Answer 7 is a gold item of the first queue, which d rated as such (a quality rating, no rating).
    await prisma.queueItem.delete({ where: { queueId_responseId: { queueId: first.id, responseId: answer(7) } } });
    await prisma.queueItem.create({ data: { queueId: first.id, responseId: answer(7), gold: true } });
    expect((await submit((await hold(first.id, 7, d, live(), "gold")).id, d)).status).toBe(201);
    expect(await prisma.qualityRating.count({ where: { userId: d.user.id, responseId: answer(7), kind: "gold" } })).toBe(1);
    expect(await prisma.rating.count({ where: { responseId: answer(7) } })).toBe(0);
    // Two states no write of the app leaves, so that `NOT gold` and `ratings_missing > 0` are each seen
    // deciding alone: the gold item counted as missing ratings, and an untouched item counted as full.
    await prisma.$executeRaw`UPDATE queue_items SET ratings_missing = 2 WHERE queue_id = ${first.id}::uuid AND response_id = ${answer(7)}::uuid`;
    await prisma.$executeRaw`UPDATE queue_items SET ratings_missing = 0 WHERE queue_id = ${second.id}::uuid AND response_id = ${answer(2)}::uuid`;

    /** Item by item, whether each rule lets the rater claim it: [queue, answer index, rater] → [claimable.ts, SQL function]. */
    const verdicts = new Map<string, [boolean, boolean]>();
    for (const queue of [first, second]) {
      for (const [name, who] of Object.entries({ a, b, c, d })) {
        const rows = await prisma.$queryRaw<{ response_id: string; by_rule: boolean; by_function: boolean }[]>`
          SELECT qi.response_id,
                 coalesce((${claimable(boundSubject(queue.id, who.user.id, 2))}), false) AS by_rule,
                 coalesce(tandem_claimable_item(qi, ${who.user.id}::uuid, 2), false) AS by_function
          FROM queue_items qi WHERE qi.queue_id = ${queue.id}::uuid`;
        expect(rows).toHaveLength(8);
        for (const row of rows) {
          verdicts.set(`${queue === first ? "first" : "second"}:${answers.findIndex((r) => r.id === row.response_id)}:${name}`, [row.by_rule, row.by_function]);
        }
      }
    }
    const disagreements = [...verdicts].filter(([, [rule, fn]]) => rule !== fn).map(([key]) => key);
    expect(disagreements).toEqual([]);

    // Each case and the branch that alone decides it (true: claimable).
    const expected: [string, boolean, string][] = [
      ["first:0:a", false, "rated here"],
      ["second:0:a", false, "a rating of the answer in another queue"],
      ["second:0:b", true, "another rater's rating leaves a slot"],
      ["first:1:b", false, "skipped here"],
      ["second:1:b", true, "a skip in another queue"],
      ["first:2:c", false, "could not assess here"],
      ["second:2:a", false, "ratings_missing = 0"],
      ["first:2:a", true, "another rater's cannot-assess frees the slot"],
      ["first:3:a", false, "a live hold of the answer in another queue"],
      ["second:3:c", true, "a lapsed lease takes no slot (a holds the other)"],
      ["first:3:b", true, "a lapsed hold of the answer in another queue"],
      ["second:3:b", true, "own lapsed hold here"],
      ["first:4:a", false, "k live slots: one rating and a live hold"],
      ["first:4:c", false, "k live slots, for another rater"],
      ["first:5:a", true, "a lapsed lease frees its slot"],
      ["second:6:c", false, "k ratings submitted"],
      ["first:7:a", false, "a gold item"],
      ["second:7:d", false, "rated as a gold item"],
      ["second:7:a", true, "another rater's gold rating"],
    ];
    expect(expected.map(([key, , why]) => [key, why, verdicts.get(key)?.[0]])).toEqual(expected.map(([key, claimableNow, why]) => [key, why, claimableNow]));
  });
});
