// Locking and unlocking a study over HTTP: while locked, every write route
// answers 409 study_locked naming who locked it and since when, and changes
// nothing; the lock routes themselves refuse the wrong state, role or body.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { answer, ndjson, scenario, score } from "@/tests/fixtures/study";
import { api, unique, userWithToken, type ApiErrorBody, type ApiResult } from "@/tests/integration/helpers";
import { createQueue, next, raters, rating, studyWithAnswers, submit, type User } from "@/tests/integration/queues";

interface LockBody {
  locked: boolean;
  lockedAt: string | null;
  lockedBy: string | null;
  snapshotId: string | null;
}

const lock = (studyId: string, who: User, json: unknown = { reason: "Analysis for the paper." }) =>
  api<LockBody & Partial<ApiErrorBody>>(`/api/v1/studies/${studyId}/lock`, { method: "POST", token: who.token, json });
const unlock = (studyId: string, who: User, json: unknown = { reason: "More ratings wanted." }) =>
  api<LockBody & Partial<ApiErrorBody>>(`/api/v1/studies/${studyId}/unlock`, { method: "POST", token: who.token, json });

/** What a write to the study may use: the study, its queue, and assignments in each state a write needs. */
interface Scene {
  admin: User;
  studyId: string;
  queueId: string;
  rater: User;
  other: User;
  /** a pool member to remove (refused as locked before the pool is looked at). */
  spare: User;
  /** a rater outside the pool. */
  outsider: User;
  /** rater's submitted assignment (an edit re-submits it). */
  rated: string;
  /** rater's live hold (a submission). */
  held: string;
  /** other's live hold (a skip). */
  toSkip: string;
  /** an answer other skipped (an undo of the skip). */
  skipped: string;
}

/**
 * Every route that writes to a study. A new write route gets a line here:
 * the test then proves it is refused while the study is locked.
 */
const WRITES: { name: string; send: (s: Scene) => Promise<ApiResult<Partial<ApiErrorBody>>> }[] = [
  { name: "claim: POST /queues/{id}/next", send: (s) => next(s.queueId, s.other) },
  { name: "rating: POST /assignments/{id}/rating", send: (s) => submit(s.held, s.rater) },
  { name: "edit: POST /assignments/{id}/rating on a rated assignment", send: (s) => submit(s.rated, s.rater, rating(4, 3)) },
  {
    name: "skip: POST /assignments/{id}/skip",
    send: (s) => api(`/api/v1/assignments/${s.toSkip}/skip`, { method: "POST", token: s.other.token, json: { reason: "Outside my field." } }),
  },
  { name: "undo a skip: DELETE /assignments/{id}/skip", send: (s) => api(`/api/v1/assignments/${s.skipped}/skip`, { method: "DELETE", token: s.other.token }) },
  {
    name: "import: POST /studies/{id}/scenarios",
    send: (s) => api(`/api/v1/studies/${s.studyId}/scenarios`, { method: "POST", token: s.admin.token, body: JSON.stringify(scenario("S2")) }),
  },
  {
    name: "import: POST /studies/{id}/safety-colliding",
    send: (s) => api(`/api/v1/studies/${s.studyId}/safety-colliding`, { method: "POST", token: s.admin.token, json: { S1: [true, false, true] } }),
  },
  {
    name: "import: POST /studies/{id}/responses",
    send: (s) => api(`/api/v1/studies/${s.studyId}/responses`, { method: "POST", token: s.admin.token, body: ndjson([answer("S1", "m-9", 9)]), type: "application/x-ndjson" }),
  },
  {
    name: "import: POST /studies/{id}/scores",
    send: (s) => api(`/api/v1/studies/${s.studyId}/scores?rater=judge`, { method: "POST", token: s.admin.token, body: ndjson([score("S1", "m-0", 0, 1, 0)]), type: "application/x-ndjson" }),
  },
  {
    name: "import: POST /studies/{id}/gold",
    send: (s) => api(`/api/v1/studies/${s.studyId}/gold`, { method: "POST", token: s.admin.token, body: ndjson([score("S1", "m-0", 0, 1, 0)]), type: "application/x-ndjson" }),
  },
  {
    name: "queue build: POST /studies/{id}/queues",
    send: (s) => api(`/api/v1/studies/${s.studyId}/queues`, { method: "POST", token: s.admin.token, json: { name: unique("queue"), raters: [s.rater.email, s.other.email] } }),
  },
  {
    name: "pool: POST /queues/{id}/raters",
    send: (s) => api(`/api/v1/queues/${s.queueId}/raters`, { method: "POST", token: s.admin.token, json: { email: s.outsider.email } }),
  },
  {
    name: "pool: DELETE /queues/{id}/raters/{userId}",
    send: (s) => api(`/api/v1/queues/${s.queueId}/raters/${s.spare.user.id}`, { method: "DELETE", token: s.admin.token }),
  },
];

/** Everything a refused write could have touched. */
async function studyRows(studyId: string) {
  const [scenarios, answers, actionFlags, queues, assignments, ratings, revisions, raters, pools] = await Promise.all([
    prisma.scenario.count({ where: { studyId } }),
    prisma.response.count({ where: { studyId } }),
    prisma.criticalAction.count({ where: { scenario: { studyId }, safetyColliding: { not: null } } }),
    prisma.queue.count({ where: { studyId } }),
    prisma.assignment.findMany({ where: { queueItem: { queue: { studyId } } }, select: { id: true, status: true, leaseExpiresAt: true }, orderBy: { id: "asc" } }),
    prisma.rating.findMany({ where: { response: { studyId } }, select: { id: true, omissionHarm: true, version: true }, orderBy: { id: "asc" } }),
    prisma.ratingRevision.count({ where: { rating: { response: { studyId } } } }),
    prisma.rater.count({ where: { studyId } }),
    prisma.queueRater.findMany({ where: { queue: { studyId } }, select: { queueId: true, userId: true }, orderBy: [{ queueId: "asc" }, { userId: "asc" }] }),
  ]);
  return { scenarios, answers, actionFlags, queues, assignments, ratings, revisions, raters, pools };
}

let admin: User;
beforeAll(async () => {
  admin = await userWithToken("admin");
});

async function scene(): Promise<Scene> {
  const studyId = await studyWithAnswers(admin, 4);
  const [rater, other, spare, outsider] = (await raters(4)) as [User, User, User, User];
  const { id: queueId } = await createQueue(admin, studyId, [rater, other, spare]);
  const first = await next(queueId, rater);
  expect((await submit(first.body.assignmentId, rater)).status).toBe(201);
  const held = await next(queueId, rater);
  const skipped = await next(queueId, other);
  expect((await api(`/api/v1/assignments/${skipped.body.assignmentId}/skip`, { method: "POST", token: other.token, json: { reason: "Not my field." } })).status).toBe(200);
  const toSkip = await next(queueId, other);
  expect([held.status, toSkip.status]).toEqual([200, 200]);
  return { admin, studyId, queueId, rater, other, spare, outsider, rated: first.body.assignmentId, held: held.body.assignmentId, toSkip: toSkip.body.assignmentId, skipped: skipped.body.assignmentId };
}

describe("a locked study", () => {
  it("refuses every write route with 409 study_locked, naming who locked it and since when, and changes nothing", async () => {
    const s = await scene();
    const locked = await lock(s.studyId, admin);
    expect(locked.status, JSON.stringify(locked.body)).toBe(200);
    expect(locked.body).toMatchObject({ locked: true, lockedBy: admin.user.name, snapshotId: expect.any(String) as string });
    const since = locked.body.lockedAt ?? "";
    expect(new Date(since).toISOString()).toBe(since);

    const before = await studyRows(s.studyId);
    const refusals: string[] = [];
    for (const write of WRITES) {
      const result = await write.send(s);
      const ok = result.status === 409 && result.body.error?.code === "study_locked" && result.body.error.message.includes(admin.user.name) && result.body.error.message.includes(since);
      refusals.push(`${write.name}: ${ok ? "refused as locked" : `${result.status} ${JSON.stringify(result.body)}`}`);
    }
    expect(refusals).toEqual(WRITES.map((w) => `${w.name}: refused as locked`));
    expect(await studyRows(s.studyId)).toEqual(before);

    // Unlocked, the same writes go through again.
    expect((await unlock(s.studyId, admin)).body).toEqual({ locked: false, lockedAt: null, lockedBy: null, snapshotId: null });
    expect((await WRITES[0]?.send(s))?.status).toBe(200);
    expect((await submit(s.held, s.rater)).status).toBe(201);
  });

  it("records the lock and the unlock in the study and the audit log, with who and why", async () => {
    const studyId = await studyWithAnswers(admin, 2);
    const locked = await lock(studyId, admin, { reason: "  Frozen for the preprint.  " });
    expect(await prisma.study.findUniqueOrThrow({ where: { id: studyId }, select: { lockedById: true, lockReason: true, lockedAt: true } })).toEqual({
      lockedById: admin.user.id,
      lockReason: "Frozen for the preprint.",
      lockedAt: new Date(locked.body.lockedAt ?? ""),
    });
    await unlock(studyId, admin, { reason: "Reviewer asked for more." });
    const audit = await prisma.auditLog.findMany({ where: { studyId, action: { in: ["study.lock", "study.unlock"] } }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.actorId, (a.data as { reason: string }).reason])).toEqual([
      ["study.lock", admin.user.id, "Frozen for the preprint."],
      ["study.unlock", admin.user.id, "Reviewer asked for more."],
    ]);
    expect((audit[0]?.data as { after: { snapshotId: string } }).after.snapshotId).toBe(locked.body.snapshotId);
    expect(await prisma.study.findUniqueOrThrow({ where: { id: studyId }, select: { lockedAt: true, lockedById: true, lockReason: true } })).toEqual({ lockedAt: null, lockedById: null, lockReason: null });
  });
});

describe("POST …/lock and …/unlock", () => {
  it("refuse a second lock and the unlock of an open study with 409, changing nothing", async () => {
    const studyId = await studyWithAnswers(admin, 2);
    const open = await unlock(studyId, admin);
    expect([open.status, open.body.error?.code]).toEqual([409, "conflict"]);
    expect(await prisma.auditLog.count({ where: { studyId, action: "study.unlock" } })).toBe(0);

    const first = await lock(studyId, admin);
    expect(first.status).toBe(200);
    const again = await lock(studyId, admin, { reason: "Again." });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe("study_locked");
    expect(again.body.error?.message).toContain(admin.user.name);
    expect(await prisma.studySnapshot.count({ where: { studyId } })).toBe(1);
    expect((await prisma.study.findUniqueOrThrow({ where: { id: studyId } })).lockReason).toBe("Analysis for the paper.");
  });

  it("are for admins only: researchers and raters get 403, anonymous callers 401", async () => {
    const studyId = await studyWithAnswers(admin, 2);
    const [researcher, rater] = await Promise.all([userWithToken("researcher"), userWithToken("rater")]);
    for (const who of [researcher, rater]) {
      expect((await lock(studyId, who)).status).toBe(403);
      expect((await unlock(studyId, who)).status).toBe(403);
    }
    expect((await api(`/api/v1/studies/${studyId}/lock`, { method: "POST", json: { reason: "x" } })).status).toBe(401);
    expect((await prisma.study.findUniqueOrThrow({ where: { id: studyId } })).lockedAt).toBeNull();
  });

  it("need a reason: missing, blank, too long, with NUL, or beside an unknown field is a 422 naming it", async () => {
    const studyId = await studyWithAnswers(admin, 2);
    const cases: [unknown, string][] = [
      [{}, "reason"],
      [{ reason: "   " }, "reason"],
      [{ reason: "x".repeat(501) }, "reason"],
      [{ reason: 7 }, "reason"],
      [{ reason: "nul \u0000 here" }, "reason"],
      [{ reason: "fine", extra: true }, "extra"],
    ];
    for (const [body, field] of cases) {
      const result = await lock(studyId, admin, body);
      expect(result.status, JSON.stringify(body)).toBe(422);
      expect(JSON.stringify(result.body.error), JSON.stringify(body)).toContain(field);
    }
    expect((await unlock(studyId, admin, {})).status).toBe(422);
    expect((await prisma.study.findUniqueOrThrow({ where: { id: studyId } })).lockedAt).toBeNull();
    expect(await prisma.studySnapshot.count({ where: { studyId } })).toBe(0);
  });

  it("answer 404 for a study that does not exist or an id that is not one", async () => {
    expect((await lock("0190a0a0-0000-7000-8000-000000000000", admin)).status).toBe(404);
    expect((await api("/api/v1/studies/not-a-uuid/unlock", { method: "POST", token: admin.token, json: { reason: "x" } })).status).toBe(404);
  });

  it("leave the study open when its snapshot cannot be stored: the lock and the snapshot commit together", async () => {
    const studyId = await studyWithAnswers(admin, 2);
    // A fault injected for this study only: storing its snapshot files fails.
    const trigger = `fail_snapshot_${studyId.replaceAll("-", "")}`;
    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (SELECT study_id FROM study_snapshots WHERE id = NEW.snapshot_id) = '${studyId}'::uuid THEN RAISE EXCEPTION 'injected fault'; END IF;
        RETURN NEW;
      END $$`);
    await prisma.$executeRawUnsafe(`CREATE TRIGGER ${trigger} BEFORE INSERT ON study_snapshot_files FOR EACH ROW EXECUTE FUNCTION ${trigger}()`);
    try {
      const result = await lock(studyId, admin);
      expect(result.status).toBe(500);
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER ${trigger} ON study_snapshot_files`);
      await prisma.$executeRawUnsafe(`DROP FUNCTION ${trigger}()`);
    }
    expect((await prisma.study.findUniqueOrThrow({ where: { id: studyId } })).lockedAt).toBeNull();
    expect(await prisma.studySnapshot.count({ where: { studyId } })).toBe(0);
    expect(await prisma.auditLog.count({ where: { studyId, action: "study.lock" } })).toBe(0);
    // And it locks once the fault is gone.
    expect((await lock(studyId, admin)).status).toBe(200);
  });
});
