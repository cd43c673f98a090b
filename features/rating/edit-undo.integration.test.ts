// Over HTTP: a rating's edit with a reason for the change (kept with the
// version it replaces, in the audit log, refused on a first rating), and
// undoing a skip (back to a live hold while the slot is free and the rater
// has not rated since; never over k, even racing another rater's claim; never
// a second hold on an answer the rater holds in another queue; decided by the
// database's clock, not the app server's).
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { api, baseUrl, userWithToken, type ApiErrorBody } from "@/tests/integration/helpers";
import { createQueue, next, rating, raters, skip, studyWithAnswers, submit, validRating, type Item, type User } from "@/tests/integration/queues";
import { physicianRatingSchema } from "./schemas";
import { skipAssignment, submitRating } from "./submit";

let admin: User;

beforeAll(async () => {
  admin = await userWithToken("admin");
});

const undo = (assignmentId: string, who: User) =>
  api<Item & Partial<ApiErrorBody>>(`/api/v1/assignments/${assignmentId}/skip`, { method: "DELETE", token: who.token });

/** A rater's first rating in a new queue of `answers` answers, k = 2, pool of two. */
async function rated(answers = 2) {
  const studyId = await studyWithAnswers(admin, answers);
  const pool = (await raters(2)) as [User, User];
  const { id: queueId } = await createQueue(admin, studyId, pool);
  const held = await next(queueId, pool[0]);
  expect((await submit(held.body.assignmentId, pool[0], rating(4, 1))).status).toBe(201);
  return { studyId, queueId, rater: pool[0], other: pool[1], assignmentId: held.body.assignmentId };
}

describe("a reason for changing a rating", () => {
  it("is kept with the version it replaces, and in the audit entry of the edit", async () => {
    const { rater, assignmentId } = await rated();
    const edited = await submit(assignmentId, rater, validRating({ omission_harm: 2, change_reason: "  Misread the dose on first reading.  " }));
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.version).toBe(2);
    // A second edit without a reason: its revision has none.
    expect((await submit(assignmentId, rater, validRating({ omission_harm: 3 }))).body.version).toBe(3);

    const stored = await prisma.rating.findFirstOrThrow({ where: { assignmentId }, include: { revisions: { orderBy: { version: "asc" } } } });
    expect(stored.omissionHarm).toBe(3);
    expect(stored.revisions.map((r) => [r.version, (r.snapshot as { omissionHarm: number }).omissionHarm, r.changeReason, r.changedById])).toEqual([
      [1, 4, "Misread the dose on first reading.", rater.user.id],
      [2, 2, null, rater.user.id],
    ]);
    const audits = await prisma.auditLog.findMany({ where: { entityId: stored.id, action: "rating.edit" }, orderBy: { id: "asc" } });
    expect(audits.map((a) => (a.data as { version: number; change_reason: string | null }))).toEqual([
      expect.objectContaining({ version: 2, change_reason: "Misread the dose on first reading." }),
      expect.objectContaining({ version: 3, change_reason: null }),
    ]);
  });

  it("is refused on a first rating (422 naming change_reason), which then saves nothing", async () => {
    const studyId = await studyWithAnswers(admin, 2);
    const pool = (await raters(2)) as [User, User];
    const { id: queueId } = await createQueue(admin, studyId, pool);
    const held = await next(queueId, pool[0]);
    const refused = await submit(held.body.assignmentId, pool[0], validRating({ change_reason: "Nothing to change yet." }));
    expect(refused.status).toBe(422);
    expect(refused.body.error?.details.map((d) => d.field)).toEqual(["change_reason"]);
    expect(await prisma.rating.count({ where: { assignmentId: held.body.assignmentId } })).toBe(0);
    expect((await prisma.assignment.findUniqueOrThrow({ where: { id: held.body.assignmentId } })).status).toBe("active");
    // A blank reason is no reason: the first rating goes through.
    expect((await submit(held.body.assignmentId, pool[0], validRating({ change_reason: "   " }))).status).toBe(201);
  });

  it("over 500 characters, not text, or holding NUL is a 422 naming the field, and changes nothing", async () => {
    const { rater, assignmentId } = await rated();
    for (const change_reason of ["x".repeat(501), 42, "Dose\u0000misread"]) {
      const refused = await submit(assignmentId, rater, validRating({ omission_harm: 0, change_reason }));
      expect(refused.status, JSON.stringify(change_reason)).toBe(422);
      expect(refused.body.error?.details.map((d) => d.field)).toEqual(["change_reason"]);
    }
    const stored = await prisma.rating.findFirstOrThrow({ where: { assignmentId }, include: { revisions: true } });
    expect([stored.version, stored.omissionHarm, stored.revisions.length]).toEqual([1, 4, 0]);
  });

  it("sent with an unchanged rating makes no version and is not kept", async () => {
    const { rater, assignmentId } = await rated();
    const again = await submit(assignmentId, rater, { ...rating(4, 1), change_reason: "No change really." });
    expect([again.status, again.body.version]).toEqual([200, 1]);
    expect(await prisma.ratingRevision.count({ where: { rating: { assignmentId } } })).toBe(0);
  });
});

describe("undoing a skip", () => {
  async function skippedThenClaimed(answers = 3) {
    const { studyId, queueId, rater, other } = await rated(answers);
    const skipped = await next(queueId, rater);
    expect((await skip(skipped.body.assignmentId, rater, "Outside my field")).status).toBe(200);
    const after = await next(queueId, rater);
    expect(after.status).toBe(200);
    return { studyId, queueId, rater, other, skipped: skipped.body, after: after.body };
  }

  it("makes the skipped answer the rater's live hold again, answered as a claim (blind), and gives back the hold claimed since", async () => {
    const { queueId, rater, skipped, after } = await skippedThenClaimed();
    const before = Date.now();
    const response = await fetch(`${baseUrl()}/api/v1/assignments/${skipped.assignmentId}/skip`, { method: "DELETE", headers: { authorization: `Bearer ${rater.token}` } });
    const raw = await response.text();
    expect(response.status, raw).toBe(200);
    const item = JSON.parse(raw) as Item;
    // What a claim carries, and nothing more: no model, repetition or database id of the answer.
    expect(Object.keys(item).sort()).toEqual(["assignmentId", "blindCode", "leaseExpiresAt", "response", "scenario"]);
    // The very item the claim sent, with a new lease.
    expect({ ...item, leaseExpiresAt: "" }).toEqual({ ...skipped, leaseExpiresAt: "" });
    const answer = await prisma.response.findFirstOrThrow({ where: { blindCode: skipped.blindCode } });
    for (const secret of [answer.id, answer.scenarioId, `"model`, `"rep`, "importBatch"]) expect(raw, secret).not.toContain(secret);
    expect(new Date(item.leaseExpiresAt).getTime()).toBeGreaterThan(before);

    const rows = await prisma.assignment.findMany({ where: { id: { in: [skipped.assignmentId, after.assignmentId] } } });
    const status = Object.fromEntries(rows.map((r) => [r.id, [r.status, r.skipReason, r.skippedAt]]));
    expect(status[skipped.assignmentId]).toEqual(["active", null, null]);
    expect(status[after.assignmentId]?.[0]).toBe("expired");
    // The rater's next claim resumes the undone answer; it is rated like any other.
    expect((await next(queueId, rater)).body.assignmentId).toBe(skipped.assignmentId);
    expect((await submit(skipped.assignmentId, rater)).status).toBe(201);

    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: skipped.assignmentId, action: "assignment.undo_skip" } });
    expect(audit.actorId).toBe(rater.user.id);
    expect(audit.data).toMatchObject({ skipReason: "Outside my field", releasedHolds: [after.assignmentId] });
  });

  it("sent twice undoes once: the second finds nothing skipped (409) and leaves the hold as it is", async () => {
    const { rater, skipped } = await skippedThenClaimed();
    expect((await undo(skipped.assignmentId, rater)).status).toBe(200);
    const again = await undo(skipped.assignmentId, rater);
    expect([again.status, again.body.error?.code]).toEqual([409, "conflict"]);
    expect((await prisma.assignment.findUniqueOrThrow({ where: { id: skipped.assignmentId } })).status).toBe("active");
    expect(await prisma.auditLog.count({ where: { entityId: skipped.assignmentId, action: "assignment.undo_skip" } })).toBe(1);
  });

  it("expires once the rater has rated another answer since the skip (409 undo_expired); editing an earlier rating does not end it", async () => {
    const { queueId, rater, skipped, after } = await skippedThenClaimed();
    const earlier = await prisma.assignment.findFirstOrThrow({ where: { userId: rater.user.id, status: "submitted", queueItem: { queueId } } });
    expect((await submit(earlier.id, rater, rating(0, 0))).status).toBe(200);
    expect((await prisma.assignment.findUniqueOrThrow({ where: { id: skipped.assignmentId } })).status).toBe("skipped");

    expect((await submit(after.assignmentId, rater)).status).toBe(201);
    const refused = await undo(skipped.assignmentId, rater);
    expect([refused.status, refused.body.error?.code]).toEqual([409, "undo_expired"]);
    expect((await prisma.assignment.findUniqueOrThrow({ where: { id: skipped.assignmentId } })).status).toBe("skipped");
  });

  it("expires once the rater has recorded cannot-assess on another answer since the skip (409 undo_expired)", async () => {
    const { rater, skipped, after } = await skippedThenClaimed();
    const abstained = await submit(after.assignmentId, rater, { cannot_assess: { reason: "outside_expertise" } });
    expect(abstained.status).toBe(201);
    const refused = await undo(skipped.assignmentId, rater);
    expect([refused.status, refused.body.error?.code]).toEqual([409, "undo_expired"]);
    expect((await prisma.assignment.findUniqueOrThrow({ where: { id: skipped.assignmentId } })).status).toBe("skipped");
  });

  it("is refused (409) once other raters have filled the answer to k, and the skip stays", async () => {
    const studyId = await studyWithAnswers(admin, 1);
    const [rater, second, third] = (await raters(3)) as [User, User, User];
    const { id: queueId } = await createQueue(admin, studyId, [rater, second, third]);
    const held = await next(queueId, rater);
    expect((await skip(held.body.assignmentId, rater)).status).toBe(200);
    for (const other of [second, third]) expect((await submit((await next(queueId, other)).body.assignmentId, other)).status).toBe(201);
    const refused = await undo(held.body.assignmentId, rater);
    expect([refused.status, refused.body.error?.code]).toEqual([409, "conflict"]);
    expect(refused.body.error?.message).toMatch(/taken every rating this answer needs/);
    expect((await prisma.assignment.findUniqueOrThrow({ where: { id: held.body.assignmentId } })).status).toBe("skipped");
  });

  it("is the assigned rater's only (404 for anyone else), for a skipped answer only (409), and closed to a rater removed from the pool (404)", async () => {
    const { queueId, rater, other, skipped, after } = await skippedThenClaimed();
    expect((await undo(skipped.assignmentId, other)).status).toBe(404);
    const researcher = await userWithToken("researcher");
    expect((await undo(skipped.assignmentId, researcher)).status).toBe(403);
    const notSkipped = await undo(after.assignmentId, rater);
    expect([notSkipped.status, notSkipped.body.error?.code]).toEqual([409, "conflict"]);
    // Another rater keeps the pool able to complete every answer.
    const [spare] = (await raters(1)) as [User];
    expect((await api(`/api/v1/queues/${queueId}/raters`, { method: "POST", token: admin.token, json: { email: spare.email } })).status).toBe(201);
    expect((await api(`/api/v1/queues/${queueId}/raters/${rater.user.id}`, { method: "DELETE", token: admin.token })).status).toBe(200);
    expect((await undo(skipped.assignmentId, rater)).status).toBe(404);
  });

  it("is refused (409) while the rater holds the same answer live in another queue of the study, and both stay as they are", async () => {
    // One answer in two queues of the study, the rater in both pools.
    const studyId = await studyWithAnswers(admin, 1);
    const pool = (await raters(2)) as [User, User];
    const first = await createQueue(admin, studyId, pool);
    const second = await createQueue(admin, studyId, pool);
    const [rater] = pool;
    const skipped = await next(first.id, rater);
    expect((await skip(skipped.body.assignmentId, rater)).status).toBe(200);
    // The skip is done only in its own queue: the second queue offers the same answer.
    const heldThere = await next(second.id, rater);
    expect([heldThere.status, heldThere.body.blindCode]).toEqual([200, skipped.body.blindCode]);

    const refused = await undo(skipped.body.assignmentId, rater);
    expect([refused.status, refused.body.error?.code]).toEqual([409, "conflict"]);
    expect(refused.body.error?.message).toMatch(/hold this answer in another queue/);
    const rows = await prisma.assignment.findMany({ where: { id: { in: [skipped.body.assignmentId, heldThere.body.assignmentId] } } });
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [skipped.body.assignmentId]: "skipped", [heldThere.body.assignmentId]: "active" });
    expect(await prisma.assignment.count({ where: { userId: rater.user.id, status: "active", queueItem: { response: { blindCode: skipped.body.blindCode } } } })).toBe(1);

    // Once that hold is skipped too, nothing stands in the way of the first undo.
    expect((await skip(heldThere.body.assignmentId, rater)).status).toBe(200);
    expect((await undo(skipped.body.assignmentId, rater)).status).toBe(200);
  });

  describe("with an app server whose clock runs ahead of the database's", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it("still expires once the rater has rated since the skip: both times come from the database", async () => {
      const { queueId, rater } = await rated(3);
      const skipped = await next(queueId, rater);
      // The skip is decided by an app whose clock is an hour fast.
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 3_600_000 });
      await skipAssignment(skipped.body.assignmentId, rater.user.id, { reason: "Outside my field" });
      vi.useRealTimers();
      const after = await next(queueId, rater);
      await submitRating(after.body.assignmentId, rater.user.id, physicianRatingSchema.parse(validRating()));

      const [row] = await prisma.$queryRaw<{ skipped_in_past: boolean }[]>`
        SELECT skipped_at <= now() AS skipped_in_past FROM assignments WHERE id = ${skipped.body.assignmentId}::uuid`;
      expect(row?.skipped_in_past).toBe(true);
      const refused = await undo(skipped.body.assignmentId, rater);
      expect([refused.status, refused.body.error?.code]).toEqual([409, "undo_expired"]);
      expect((await prisma.assignment.findUniqueOrThrow({ where: { id: skipped.body.assignmentId } })).status).toBe("skipped");
    });
  });

  it("racing another rater's claim of the freed slot: exactly one of them gets it, and the answer never holds more than k", async () => {
    for (let round = 0; round < 6; round++) {
      // One answer, k = 1: the skip frees the only slot, and both the undo and the claim want it.
      const studyId = await studyWithAnswers(admin, 1);
      const [rater, other] = (await raters(2)) as [User, User];
      const { id: queueId } = await createQueue(admin, studyId, [rater, other], { ratingsPerItem: 1 });
      const held = await next(queueId, rater);
      expect((await skip(held.body.assignmentId, rater)).status).toBe(200);

      const [undone, claimed] = await Promise.all([undo(held.body.assignmentId, rater), next(queueId, other)]);
      // Either the undo won (the claim finds nothing: 204) or the claim did (the undo is refused: 409).
      const outcome = undone.status === 200 ? ["undone", claimed.status] : ["claimed", undone.status, claimed.status];
      expect([["undone", 204], ["claimed", 409, 200]], JSON.stringify([undone.body, claimed.body])).toContainEqual(outcome);
      const live = await prisma.assignment.count({
        where: { queueItem: { queueId }, OR: [{ status: "submitted" }, { status: "active", leaseExpiresAt: { gt: new Date() } }] },
      });
      expect(live).toBe(1);
    }
  });
});
