// The claim's order and its cost: each rater meets a queue's items in an order
// of their own, reproducible from the queue's seed, and a claim reads a few
// rows of the queue however large it is, early or late; `ratings_missing`,
// which the claim's index rests on, follows every kind of write to assignments.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { api, userWithToken } from "@/tests/integration/helpers";
import { createQueue, next, raters, skip, studyWithAnswers, submit, validRating, type User } from "@/tests/integration/queues";
import { answer, ndjson } from "@/tests/fixtures/study";
import { RATINGS_MISSING_DRIFT_SQL } from "@/tests/support/queue-invariants";
import { claimOnce } from "./claim";

let admin: User;

beforeAll(async () => {
  admin = await userWithToken("admin");
});

const drift = async (queueId: string) => (await prisma.$queryRawUnsafe<{ drift: number }[]>(RATINGS_MISSING_DRIFT_SQL, queueId))[0]?.drift;

/** The queue's items in the order the rater meets them, as the seed alone defines it. */
const orderFromSeed = async (queueId: string, who: User) =>
  (
    await prisma.$queryRaw<{ blind_code: string }[]>`
      SELECT r.blind_code FROM queue_items qi JOIN queues q ON q.id = qi.queue_id JOIN responses r ON r.id = qi.response_id
      WHERE qi.queue_id = ${queueId}::uuid
      ORDER BY tandem_order_key(q.seed, qi.id::text) # tandem_order_key(q.seed, ${who.user.id})`
  ).map((row) => row.blind_code);

/** Claims and rates alone to the end of the queue; the blind codes in the order they came. */
async function walkAlone(queueId: string, who: User): Promise<string[]> {
  const seen: string[] = [];
  for (;;) {
    const claim = await next(queueId, who);
    if (claim.status === 204) return seen;
    expect(claim.status).toBe(200);
    seen.push(claim.body.blindCode);
    expect((await submit(claim.body.assignmentId, who)).status).toBe(201);
  }
}

const isRotation = (a: string[], b: string[]) => a.length === b.length && a.some((_, shift) => a.every((code, i) => code === b[(i + shift) % b.length]));

describe("each rater's order", () => {
  it("is the order the queue's seed gives that rater, and not another rater's order shifted", async () => {
    const studyId = await studyWithAnswers(admin, 30);
    const pool = await raters(2);
    const [first, second] = pool as [User, User];
    const { id: queueId } = await createQueue(admin, studyId, pool);

    const firstSeen = await walkAlone(queueId, first);
    const secondSeen = await walkAlone(queueId, second);
    expect(firstSeen).toHaveLength(30);
    expect(firstSeen).toEqual(await orderFromSeed(queueId, first));
    expect(secondSeen).toEqual(await orderFromSeed(queueId, second));
    expect(isRotation(firstSeen, secondSeen)).toBe(false);
    expect(await drift(queueId)).toBe(0);
  }, 120_000);

  it("comes back round to an item passed over while another rater held it, and says 'nothing left' only after", async () => {
    const studyId = await studyWithAnswers(admin, 6);
    const pool = await raters(3);
    const [holder, walker, third] = pool as [User, User, User];
    const { id: queueId } = await createQueue(admin, studyId, pool, { ratingsPerItem: 2 });
    // The walker's first item, held by two others, fills its two live slots: the walker passes it over.
    const firstOfWalker = (await orderFromSeed(queueId, walker))[0];
    const holds: { assignmentId: string; who: User }[] = [];
    for (const who of [holder, third]) {
      const [item] = await prisma.$queryRaw<{ id: string }[]>`
        SELECT qi.id FROM queue_items qi JOIN responses r ON r.id = qi.response_id WHERE qi.queue_id = ${queueId}::uuid AND r.blind_code = ${firstOfWalker}`;
      const assignment = await prisma.assignment.create({ data: { queueItemId: item?.id as string, userId: who.user.id, leaseExpiresAt: new Date(Date.now() + 60_000) } });
      holds.push({ assignmentId: assignment.id, who });
    }
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      const claim = await next(queueId, walker);
      expect(claim.status).toBe(200);
      seen.push(claim.body.blindCode);
      expect((await submit(claim.body.assignmentId, walker)).status).toBe(201);
    }
    expect(seen).not.toContain(firstOfWalker);
    // One of the holders skips it: the slot is free, and the walker's next claim wraps round to it.
    expect((await skip(holds[0]?.assignmentId as string, holds[0]?.who as User)).status).toBe(200);
    const last = await next(queueId, walker);
    expect(last.status).toBe(200);
    expect(last.body.blindCode).toBe(firstOfWalker);
    expect((await submit(last.body.assignmentId, walker)).status).toBe(201);
    expect((await next(queueId, walker)).status).toBe(204);
    expect(await drift(queueId)).toBe(0);
  });
});

/**
 * Rows of queue_items and assignments one claim read, and the item it claimed:
 * the backend's table counters (pg_stat_xact_user_tables, which also hold what
 * earlier transactions of the connection read and the server has not yet
 * gathered) before and after the claim, in one transaction.
 */
async function claimCost(queueId: string, who: User, path: "function" | "transaction" = "function") {
  return prisma.$transaction(async (tx) => {
    const counters = async () =>
      new Map(
        (
          await tx.$queryRaw<{ relname: string; seq_scan: number; read: number }[]>`
            SELECT relname, seq_scan::int, (seq_tup_read + coalesce(idx_tup_fetch, 0))::int AS read
            FROM pg_stat_xact_user_tables WHERE relname IN ('queue_items', 'assignments')`
        ).map((row) => [row.relname, row]),
      );
    const before = await counters();
    let outcome: { assignmentId?: string };
    if (path === "function") {
      // The claim as the route makes it for a queue without quality items: one call of the claim function.
      const [row] = await tx.$queryRaw<{ claim: { outcome: string; item?: { assignmentId: string } } }[]>`SELECT tandem_claim(${queueId}::uuid, ${who.user.id}::uuid) AS claim`;
      outcome = { assignmentId: row?.claim.item?.assignmentId };
    } else {
      // The claim as the route makes it for a queue with quality settings: the claim transaction's steps.
      const claimed = await claimOnce(tx, queueId, who.user.id);
      outcome = { assignmentId: claimed && "assignmentId" in claimed ? claimed.assignmentId : undefined };
    }
    const after = await counters();
    const cost = (table: string) => ({
      seqScans: (after.get(table)?.seq_scan ?? 0) - (before.get(table)?.seq_scan ?? 0),
      read: (after.get(table)?.read ?? 0) - (before.get(table)?.read ?? 0),
    });
    return { outcome, cost: { queue_items: cost("queue_items"), assignments: cost("assignments") } };
  });
}

const items = 20_000;
let bigStudy: Promise<string> | undefined;

/** A study of 20,000 answers, imported once for the tests that measure a claim against it. */
function studyOf20000(): Promise<string> {
  bigStudy ??= (async () => {
    const studyId = await studyWithAnswers(admin, 1);
    // Sent in parts: each import stays below the test server's body limit.
    for (let from = 1; from < items; from += 5_000) {
      const rows = Array.from({ length: Math.min(5_000, items - from) }, (_, i) => answer("S1", `m-${(from + i) % 2}`, from + i));
      expect((await api(`/api/v1/studies/${studyId}/responses`, { method: "POST", token: admin.token, body: ndjson(rows) })).status).toBe(200);
    }
    return studyId;
  })();
  return bigStudy;
}

describe("a claim in a queue of 20,000 items", () => {
  it.each([
    ["the claim function, for a queue without quality items", "function", {}],
    ["the claim transaction, for a queue with a retest share not yet due", "transaction", { retest: { share: 0.01, minHours: 0 } }],
  ] as const)("reads a few rows of the queue, at its start and when all but a few items are full, and gives one of those: %s", async (_, path, quality) => {
    const studyId = await studyOf20000();
    // The statistics PostgreSQL plans with were gathered while queue_items held only small queues.
    await prisma.$executeRaw`ANALYZE queue_items`;
    const pool = await raters(4);
    const [early, late, fillerA, fillerB] = pool as [User, User, User, User];
    const queue = await createQueue(admin, studyId, pool, { ratingsPerItem: 2, ...quality });
    expect(queue.items).toBe(items);
    if (path === "transaction") {
      // The path measured is the one the route takes for this queue: the function leaves it to the transaction.
      const [asked] = await prisma.$queryRaw<{ outcome: string }[]>`SELECT tandem_claim(${queue.id}::uuid, ${early.user.id}::uuid)->>'outcome' AS outcome`;
      expect(asked?.outcome).toBe("general");
    }

    const first = await claimCost(queue.id, early, path);
    expect(first.outcome.assignmentId).toEqual(expect.any(String));
    // Against 20,000 items: a walk down the key trie, a handful of candidates, the rater's own rows.
    expect(first.cost.queue_items.seqScans).toBe(0);
    expect(first.cost.queue_items.read).toBeLessThanOrEqual(200);
    expect(first.cost.assignments.read).toBeLessThanOrEqual(50);

    // Two other raters fill every item but ten (submitted assignments, as their ratings leave them).
    await prisma.$executeRaw`
      INSERT INTO assignments (id, queue_item_id, user_id, status, claimed_at, lease_expires_at, submitted_at)
      SELECT tandem_uuid_v7(), qi.id, u.id, 'submitted', now(), now(), now()
      FROM (SELECT id FROM queue_items WHERE queue_id = ${queue.id}::uuid ORDER BY id OFFSET 10) qi
      CROSS JOIN (VALUES (${fillerA.user.id}::uuid), (${fillerB.user.id}::uuid)) AS u(id)
      WHERE NOT EXISTS (SELECT 1 FROM assignments a WHERE a.queue_item_id = qi.id AND a.user_id = ${early.user.id}::uuid)`;
    expect(await drift(queue.id)).toBe(0);
    const openItems = await prisma.$queryRaw<{ id: string }[]>`SELECT id FROM queue_items WHERE queue_id = ${queue.id}::uuid AND ratings_missing > 0`;
    expect(openItems.length).toBeLessThanOrEqual(11);

    const lateClaim = await claimCost(queue.id, late, path);
    expect(lateClaim.outcome.assignmentId).toEqual(expect.any(String));
    const held = await prisma.assignment.findUniqueOrThrow({ where: { id: lateClaim.outcome.assignmentId as string } });
    expect(openItems.map((item) => item.id)).toContain(held.queueItemId);
    expect(lateClaim.cost.queue_items.seqScans).toBe(0);
    expect(lateClaim.cost.queue_items.read).toBeLessThanOrEqual(200);
    expect(lateClaim.cost.assignments.read).toBeLessThanOrEqual(50);
  }, 180_000);
});

describe("ratings_missing", () => {
  it("equals a recount after a claim, a submission, a skip and its undo, a cannot-assess, an expiry and a deletion", async () => {
    const studyId = await studyWithAnswers(admin, 4);
    const pool = await raters(3);
    const [a, b, c] = pool as [User, User, User];
    const { id: queueId } = await createQueue(admin, studyId, pool, { ratingsPerItem: 2 });
    const missing = async () => (await prisma.queueItem.aggregate({ where: { queueId }, _sum: { ratingsMissing: true } }))._sum.ratingsMissing;
    expect(await missing()).toBe(8);

    const claimA = await next(queueId, a);
    expect(await missing()).toBe(8);
    expect((await submit(claimA.body.assignmentId, a)).status).toBe(201);
    expect(await missing()).toBe(7);
    // An edit keeps the rating submitted.
    expect((await submit(claimA.body.assignmentId, a, validRating({ omission_harm: 2, change_reason: "Second look." }))).status).toBe(200);
    expect(await missing()).toBe(7);

    const claimB = await next(queueId, b);
    expect((await skip(claimB.body.assignmentId, b)).status).toBe(200);
    expect(await drift(queueId)).toBe(0);
    expect((await api(`/api/v1/assignments/${claimB.body.assignmentId}/skip`, { method: "DELETE", token: b.token })).status).toBe(200);
    expect((await submit(claimB.body.assignmentId, b)).status).toBe(201);
    expect(await missing()).toBe(6);

    const claimC = await next(queueId, c);
    expect((await api(`/api/v1/assignments/${claimC.body.assignmentId}/rating`, { method: "POST", token: c.token, json: { cannot_assess: { reason: "unreadable" } } })).status).toBe(201);
    expect(await missing()).toBe(6);
    const again = await next(queueId, c);
    await prisma.assignment.update({ where: { id: again.body.assignmentId }, data: { leaseExpiresAt: new Date(Date.now() - 1000), status: "expired" } });
    expect(await missing()).toBe(6);
    expect(await drift(queueId)).toBe(0);

    await prisma.assignment.delete({ where: { id: claimA.body.assignmentId } });
    expect(await missing()).toBe(7);
    expect(await drift(queueId)).toBe(0);
  });
});
