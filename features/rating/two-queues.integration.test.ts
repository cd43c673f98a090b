// A physician in two queues of one study over the same answers (the usual
// "all answers" queue beside a validation sample) rates each answer at most
// once: a claim never offers an answer they rated or hold in any queue of the
// study, and a hold left over from before that rule never ends in a 500.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { userWithToken } from "@/tests/integration/helpers";
import { createQueue, next, raters, studyWithAnswers, submit, type User } from "@/tests/integration/queues";

let admin: User;

beforeAll(async () => {
  admin = await userWithToken("admin");
});

/** A study of `answers` answers, and two queues over all of them whose pools both hold `both`. */
async function twoQueues(answers: number, both: User[], onlySecond: User[] = []) {
  const studyId = await studyWithAnswers(admin, answers);
  const first = await createQueue(admin, studyId, both);
  const second = await createQueue(admin, studyId, [...both, ...onlySecond]);
  return { studyId, first: first.id, second: second.id };
}

/** Claims and rates until the queue answers 204; the blind codes rated, and every status met on the way. */
async function rateToTheEnd(queueId: string, who: User) {
  const codes: string[] = [];
  const statuses: number[] = [];
  for (;;) {
    const claim = await next(queueId, who);
    statuses.push(claim.status);
    if (claim.status !== 200) return { codes, statuses };
    const submitted = await submit(claim.body.assignmentId, who);
    statuses.push(submitted.status);
    if (submitted.status !== 201) return { codes, statuses };
    codes.push(claim.body.blindCode);
  }
}

/** A live hold of `who` on the answer of `blindCode` in `queueId`, as claims made before the one-rating-per-study rule could leave. */
async function strayHold(queueId: string, blindCode: string, who: User) {
  const item = await prisma.queueItem.findFirstOrThrow({ where: { queueId, response: { blindCode } }, select: { id: true } });
  return prisma.assignment.create({ data: { queueItemId: item.id, userId: who.user.id, status: "active", leaseExpiresAt: new Date(Date.now() + 30 * 60_000) } });
}

const ratingsOf = (who: User, studyId: string) => prisma.rating.count({ where: { rater: { userId: who.user.id }, response: { studyId } } });

describe("a physician in two queues over the same answers", () => {
  it("is offered none of the answers they rated in the first queue, while another physician of the second queue still gets them all", async () => {
    const [physician, colleague] = await raters(2);
    const { studyId, first, second } = await twoQueues(4, [physician as User, colleague as User]);

    const rated = await rateToTheEnd(first, physician as User);
    expect(rated.codes).toHaveLength(4);
    expect(rated.statuses.at(-1)).toBe(204);

    const again = await rateToTheEnd(second, physician as User);
    expect(again).toEqual({ codes: [], statuses: [204] });
    expect(await ratingsOf(physician as User, studyId)).toBe(4);

    // The physician's first-queue ratings fill no slot of the second queue: each queue counts its own.
    const others = await rateToTheEnd(second, colleague as User);
    expect(new Set(others.codes)).toEqual(new Set(rated.codes));
    expect(others.statuses.filter((s) => s !== 200 && s !== 201)).toEqual([204]);
  });

  it("is not offered, in the second queue, the answer they hold in the first", async () => {
    const [physician, colleague] = await raters(2);
    const { first, second } = await twoQueues(2, [physician as User, colleague as User]);
    const held = await next(first, physician as User);
    const other = await next(second, physician as User);
    expect(other.status).toBe(200);
    expect(other.body.blindCode).not.toBe(held.body.blindCode);
    expect((await submit(other.body.assignmentId, physician as User)).status).toBe(201);
    // The only answer left in the second queue is the one held in the first.
    expect((await next(second, physician as User)).status).toBe(204);
    expect((await submit(held.body.assignmentId, physician as User)).status).toBe(201);
  });

  it("submitting on a hold of an answer already rated in the other queue is a 409 that gives the hold back, never a 500", async () => {
    const [physician, colleague] = await raters(2);
    const { studyId, first, second } = await twoQueues(1, [physician as User, colleague as User]);
    const claim = await next(first, physician as User);
    expect((await submit(claim.body.assignmentId, physician as User)).status).toBe(201);
    const stray = await strayHold(second, claim.body.blindCode, physician as User);

    const refused = await submit(stray.id, physician as User);
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe("already_rated");
    expect(refused.body.error?.message).toBe("You have already rated this answer in another queue of this study; it has been taken off your list.");
    expect((await prisma.assignment.findUniqueOrThrow({ where: { id: stray.id } })).status).toBe("expired");
    expect(await ratingsOf(physician as User, studyId)).toBe(1);
    // The slot is free again: the colleague takes it.
    const colleagues = await next(second, colleague as User);
    expect(colleagues.body.blindCode).toBe(claim.body.blindCode);
  });

  it("is not handed back, by a claim, a hold of an answer already rated in the other queue", async () => {
    const [physician, colleague] = await raters(2);
    const { first, second } = await twoQueues(2, [physician as User, colleague as User]);
    const claim = await next(first, physician as User);
    expect((await submit(claim.body.assignmentId, physician as User)).status).toBe(201);
    const stray = await strayHold(second, claim.body.blindCode, physician as User);

    const offered = await next(second, physician as User);
    expect(offered.status).toBe(200);
    expect(offered.body.blindCode).not.toBe(claim.body.blindCode);
    expect((await prisma.assignment.findUniqueOrThrow({ where: { id: stray.id } })).status).toBe("expired");
  });
});
