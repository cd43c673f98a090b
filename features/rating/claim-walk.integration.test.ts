// The one-statement claim checks the claimable rule (tandem_claimable_item) on
// the items of the rater's walk only, one by one in the walk's order, and locks
// the first one that is claimable and free: never on every open item of the
// queue, and an item another transaction holds is passed over, not waited for.
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { userWithToken } from "@/tests/integration/helpers";
import { createQueue, raters, studyWithAnswers, type User } from "@/tests/integration/queues";
import { claimNext } from "./claim";

let admin: User;

beforeAll(async () => {
  admin = await userWithToken("admin");
});

const connect = async () => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  return client;
};

/** Calls of the claimable rule so far in the client's open transaction (function statistics on). */
const ruleCalls = async (client: pg.Client) =>
  Number((await client.query<{ n: string }>(`SELECT pg_stat_get_xact_function_calls('tandem_claimable_item(queue_items, uuid, int)'::regprocedure) AS n`)).rows[0]?.n ?? 0);

/** The queue item a claim's answer holds, read in the same transaction. */
const claimedItem = async (client: pg.Client, queueId: string, userId: string) => {
  const { rows } = await client.query<{ claim: { outcome: string; item?: { assignmentId: string } } }>("SELECT tandem_claim($1::uuid, $2::uuid) AS claim", [queueId, userId]);
  const claim = rows[0]?.claim;
  expect(claim?.outcome).toBe("claimed");
  const { rows: [held] } = await client.query<{ queue_item_id: string }>("SELECT queue_item_id FROM assignments WHERE id = $1", [claim?.item?.assignmentId]);
  return held?.queue_item_id as string;
};

describe("the one-statement claim's walk", () => {
  it("checks the claimable rule on at most the first walked items, not on every open item, claim after claim", async () => {
    const studyId = await studyWithAnswers(admin, 60);
    const pool = await raters(12);
    const { id: queueId } = await createQueue(admin, studyId, pool);
    const client = await connect();
    try {
      await client.query("BEGIN");
      await client.query("SET LOCAL track_functions = 'all'");
      // Twelve claims on one connection: past the first few, the functions' statements run on generic plans.
      const perClaim: number[] = [];
      for (const rater of pool) {
        const before = await ruleCalls(client);
        await claimedItem(client, queueId, rater.user.id);
        perClaim.push((await ruleCalls(client)) - before);
      }
      // Twelve holds of one item each fill at most six items (k = 2), so each claim finds a claimable item among the
      // first 8 of its walk; the rule is asked of those only, never of the 60 open items.
      for (const calls of perClaim) {
        expect(calls).toBeGreaterThanOrEqual(1);
        expect(calls).toBeLessThanOrEqual(8);
      }
    } finally {
      await client.query("ROLLBACK");
      await client.end();
    }
  });

  it("passes over the rater's next item while another transaction holds it, and claims the one after it in the rater's order", async () => {
    const studyId = await studyWithAnswers(admin, 10);
    const pool = await raters(2);
    const [rater] = pool as [User];
    const { id: queueId } = await createQueue(admin, studyId, pool);
    const holder = await connect();
    try {
      // The rater's first item, seen in a transaction that is then undone.
      await holder.query("BEGIN");
      const first = await claimedItem(holder, queueId, rater.user.id);
      await holder.query("ROLLBACK");
      // Another transaction holds that item's row.
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM queue_items WHERE id = $1 FOR UPDATE", [first]);
      const claimed = await claimNext(queueId, rater.user.id);
      expect(claimed).not.toBeNull();
      const client = await connect();
      try {
        const { rows: [held] } = await client.query<{ queue_item_id: string; claim_cursor: string }>(
          `SELECT a.queue_item_id, qr.claim_cursor::text AS claim_cursor FROM assignments a
             JOIN queue_raters qr ON qr.queue_id = $2 AND qr.user_id = a.user_id WHERE a.id = $1`,
          [claimed?.assignmentId, queueId],
        );
        expect(held?.queue_item_id).not.toBe(first);
        // It is the item right after the held one in the rater's order: the first open item past the held one's position.
        const { rows: order } = await client.query<{ id: string }>(
          `SELECT qi.id FROM queue_items qi JOIN queues q ON q.id = qi.queue_id
            WHERE qi.queue_id = $1 ORDER BY qi.order_key # tandem_order_key(q.seed, $2::text)`,
          [queueId, rater.user.id],
        );
        const ids = order.map((row) => row.id);
        expect(ids.indexOf(first)).toBe(0);
        expect(held?.queue_item_id).toBe(ids[1]);
      } finally {
        await client.end();
      }
    } finally {
      await holder.query("ROLLBACK");
      await holder.end();
    }
  });
});
