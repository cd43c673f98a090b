// Claims under concurrency: one live hold per physician per queue however
// many claims they send at once, and a 204 only when nothing is left for them
// even while other raters' claims and submissions hold the last items.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { userWithToken } from "@/tests/integration/helpers";
import { createQueue, next, raters, studyWithAnswers, submit, type User } from "@/tests/integration/queues";
import { QUEUE_FILL_SQL, RATINGS_MISSING_DRIFT_SQL, STILL_CLAIMABLE_SQL, type QueueFill } from "@/tests/support/queue-invariants";

let admin: User;

beforeAll(async () => {
  admin = await userWithToken("admin");
});

const stillClaimable = async (queueId: string, who: User, ratingsPerItem: number) =>
  (await prisma.$queryRawUnsafe<{ open: number }[]>(STILL_CLAIMABLE_SQL, queueId, who.user.id, ratingsPerItem))[0]?.open;

describe("one physician's simultaneous claims", () => {
  it("all resume one assignment: a single live hold per physician per queue", async () => {
    const studyId = await studyWithAnswers(admin, 10);
    const [physician, colleague] = await raters(2);
    const { id: queueId } = await createQueue(admin, studyId, [physician as User, colleague as User]);

    const claims = await Promise.all(Array.from({ length: 10 }, () => next(queueId, physician as User)));
    expect(claims.map((c) => c.status)).toEqual(Array.from({ length: 10 }, () => 200));
    expect(new Set(claims.map((c) => c.body.assignmentId)).size).toBe(1);
    const [live] = await prisma.$queryRaw<{ holds: number }[]>`
      SELECT count(*)::int AS holds FROM assignments a JOIN queue_items qi ON qi.id = a.queue_item_id
      WHERE qi.queue_id = ${queueId}::uuid AND a.user_id = ${(physician as User).user.id}::uuid
        AND a.status = 'active' AND a.lease_expires_at > now()`;
    expect(live?.holds).toBe(1);
  });
});

interface RaterOutcome {
  rated: number;
  /** 204s answered while the database still showed an item this rater could claim. */
  wrongEnds: number;
  errors: number[];
}

/**
 * Every rater of the pool claims and rates until a 204; after each 204 the
 * database must show nothing that rater could still claim. A rater told 204
 * too early keeps claiming, so the run still reaches the end and every wrong
 * 204 is counted.
 */
function rateToTheEnd(queueId: string, pool: User[], ratingsPerItem: number): Promise<RaterOutcome[]> {
  return Promise.all(
    pool.map(async (who) => {
      const outcome: RaterOutcome = { rated: 0, wrongEnds: 0, errors: [] };
      for (;;) {
        const claim = await next(queueId, who);
        if (claim.status === 204) {
          if ((await stillClaimable(queueId, who, ratingsPerItem)) === 0) return outcome;
          outcome.wrongEnds++;
          continue;
        }
        if (claim.status !== 200) {
          outcome.errors.push(claim.status);
          return outcome;
        }
        const submitted = await submit(claim.body.assignmentId, who);
        if (submitted.status !== 201) outcome.errors.push(submitted.status);
        else outcome.rated++;
      }
    }),
  );
}

describe("the end of a queue under concurrency", () => {
  it("tells no rater 'nothing left' while an item they could rate is open, and fills every item with distinct raters", async () => {
    const [answers, ratingsPerItem, rounds] = [16, 3, 3];
    const pool = await raters(20);
    // Wrong 204s come from races at the very end of a queue: several queues, several ends.
    for (let round = 0; round < rounds; round++) {
      const studyId = await studyWithAnswers(admin, answers);
      const { id: queueId } = await createQueue(admin, studyId, pool, { ratingsPerItem });
      const outcomes = await rateToTheEnd(queueId, pool, ratingsPerItem);

      expect(outcomes.flatMap((o) => o.errors)).toEqual([]);
      expect(outcomes.reduce((n, o) => n + o.wrongEnds, 0)).toBe(0);
      expect(outcomes.reduce((n, o) => n + o.rated, 0)).toBe(answers * ratingsPerItem);
      const [fill] = await prisma.$queryRawUnsafe<QueueFill[]>(QUEUE_FILL_SQL, queueId, ratingsPerItem);
      expect(fill).toEqual({ over: 0, twice: 0, short: 0 });
      // The count the claim's index rests on stayed exact under concurrent submissions.
      expect((await prisma.$queryRawUnsafe<{ drift: number }[]>(RATINGS_MISSING_DRIFT_SQL, queueId))[0]?.drift).toBe(0);
      expect(await prisma.assignment.count({ where: { queueItem: { queueId }, status: "active" } })).toBe(0);
    }
  }, 180_000);
});
