// "Cannot assess" and time on task over HTTP: an abstention is done for its
// rater, frees the slot for another pool rater, writes no rating (agreement
// and pooled pairs unchanged) and is counted in the abstention rates; its
// answer carries nothing that identifies the answer. Active time is the time
// from claim to first submission less the hidden time the browser reports,
// on the database's clock; the statements count per physician.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { api, userWithToken, type ApiErrorBody } from "@/tests/integration/helpers";
import { createQueue, next, rating, raters, rateToTheEnd, skip, studyWithAnswers, submit, validRating, type User } from "@/tests/integration/queues";
import { studyAbstention } from "@/features/quality/abstention";
import { ownStatements } from "@/features/quality/statements";
import { activeSeconds } from "./active-time";

let admin: User;
let researcher: User;

beforeAll(async () => {
  [admin, researcher] = await Promise.all([userWithToken("admin"), userWithToken("researcher")]);
});

const cannotAssess = (reason = "outside_expertise", extra: Record<string, unknown> = {}) => ({ cannot_assess: { reason }, ...extra });

const agreement = async (studyId: string) => {
  const result = await api<Record<string, unknown>>(`/api/v1/studies/${studyId}/agreement?scale=omission_harm`, { token: researcher.token });
  expect(result.status).toBe(200);
  return result.body;
};

const responseOf = async (assignmentId: string) =>
  (await prisma.assignment.findUniqueOrThrow({ where: { id: assignmentId }, include: { queueItem: { include: { response: true } } } })).queueItem.response;

/** Sets the claim of an assignment `seconds` back on the database's clock. */
const claimedAgo = (assignmentId: string, seconds: number) =>
  prisma.$executeRaw`UPDATE assignments SET claimed_at = claimed_at - make_interval(secs => ${seconds}) WHERE id = ${assignmentId}::uuid`;

describe("cannot assess", () => {
  it("is done for its rater, sends the answer to another pool rater, writes no rating and is counted as abstention", async () => {
    const studyId = await studyWithAnswers(admin, 2);
    const [p1, p2, p3] = (await raters(3)) as [User, User, User];
    const { id: queueId } = await createQueue(admin, studyId, [p1, p2, p3]);
    // p2 rates both answers; p3 rates one of them (P), which then has its k = 2.
    expect(await rateToTheEnd(queueId, p2)).toBeNull();
    const first = await next(queueId, p3);
    expect((await submit(first.body.assignmentId, p3, rating(3, 1))).status).toBe(201);
    const before = await agreement(studyId);
    expect(before.n).toBe(1);
    const pairsBefore = await prisma.pooledPair.findMany({ where: { studyId }, orderBy: { responseId: "asc" } });

    // p1 is offered the other answer (Q) and cannot assess it.
    const held = await next(queueId, p1);
    expect(held.status).toBe(200);
    const answer = await responseOf(held.body.assignmentId);
    const recorded = await submit(held.body.assignmentId, p1, cannotAssess("outside_expertise"));
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    // The shape of a rating's answer, and nothing that identifies the answer.
    expect(recorded.body).toEqual({ ratingId: null, version: 1, cannot_assess: { reason: "outside_expertise" } });
    const text = JSON.stringify(recorded.body);
    for (const secret of [answer.id, answer.modelId, `"repetition"`, `"model`, `"response_id"`]) expect(text).not.toContain(secret);

    // No rating anywhere: not in ratings, not in pooled pairs; agreement unchanged.
    expect(await prisma.rating.count({ where: { assignmentId: held.body.assignmentId } })).toBe(0);
    expect(await prisma.rating.count({ where: { rater: { userId: p1.user.id } } })).toBe(0);
    expect(await prisma.pooledPair.findMany({ where: { studyId }, orderBy: { responseId: "asc" } })).toEqual(pairsBefore);
    expect(await agreement(studyId)).toEqual(before);
    const stored = await prisma.assignment.findUniqueOrThrow({ where: { id: held.body.assignmentId } });
    expect([stored.status, stored.cannotAssessReason, stored.submittedAt !== null]).toEqual(["cannot_assess", "outside_expertise", true]);

    // Done for p1: never offered again.
    expect((await next(queueId, p1)).status).toBe(204);
    // The slot is free: p3 gets Q and the answer reaches its k = 2 ratings, by p2 and p3.
    const freed = await next(queueId, p3);
    expect(freed.body.blindCode).toBe(answer.blindCode);
    expect((await submit(freed.body.assignmentId, p3, rating(1, 0))).status).toBe(201);
    const ratingsOfQ = await prisma.rating.findMany({ where: { responseId: answer.id }, include: { rater: true } });
    expect(ratingsOfQ.map((g) => g.rater.userId).sort()).toEqual([p2.user.id, p3.user.id].sort());
    expect((await agreement(studyId)).n).toBe(2);
    expect((await next(queueId, p1)).status).toBe(204);

    // Counted in the abstention rates: p1 1 of 1; Q's model 1 of 3; the category 1 of 5.
    const abstention = await studyAbstention(studyId);
    const byGroup = (rows: typeof abstention.physicians, group: string) => rows.find((r) => r.group === group);
    expect(byGroup(abstention.physicians, p1.user.id)).toMatchObject({ ratings: 0, cannot_assess: 1, n: 1, rate: 1 });
    expect(byGroup(abstention.physicians, p2.user.id)).toMatchObject({ ratings: 2, cannot_assess: 0, rate: 0 });
    expect(byGroup(abstention.models, answer.modelId)).toMatchObject({ ratings: 2, cannot_assess: 1, n: 3, rate: 1 / 3 });
    expect(abstention.categories).toHaveLength(1);
    expect(abstention.categories[0]).toMatchObject({ ratings: 4, cannot_assess: 1, n: 5, rate: 0.2 });
  });

  it("is refused with a 422 naming the field for an unknown reason or a body mixing scores, and records nothing", async () => {
    const studyId = await studyWithAnswers(admin, 2);
    const [p1, p2] = (await raters(2)) as [User, User];
    const { id: queueId } = await createQueue(admin, studyId, [p1, p2]);
    const held = await next(queueId, p1);
    const unknown = await submit(held.body.assignmentId, p1, cannotAssess("too_long"));
    expect(unknown.status).toBe(422);
    expect(unknown.body.error?.details.map((d) => d.field)).toEqual(["cannot_assess.reason"]);
    const mixed = await submit(held.body.assignmentId, p1, { ...validRating(), ...cannotAssess("unreadable") });
    expect(mixed.status).toBe(422);
    expect(mixed.body.error?.details.map((d) => d.field).sort()).toEqual(
      ["critical_action_results", "commission_harm", "omission_harm", "omission_mechanism", "reasoning", "response_class"].sort(),
    );
    const negative = await submit(held.body.assignmentId, p1, cannotAssess("unreadable", { hidden_seconds: -5 }));
    expect(negative.body.error?.details.map((d) => d.field)).toEqual(["hidden_seconds"]);
    expect((await prisma.assignment.findUniqueOrThrow({ where: { id: held.body.assignmentId } })).status).toBe("active");
  });

  it("cannot replace a rating (409); sent again it is unchanged (200); it cannot then be rated or skipped (409)", async () => {
    const studyId = await studyWithAnswers(admin, 2);
    const [p1, p2] = (await raters(2)) as [User, User];
    const { id: queueId } = await createQueue(admin, studyId, [p1, p2]);
    const rated = await next(queueId, p1);
    expect((await submit(rated.body.assignmentId, p1, rating())).status).toBe(201);
    const late = await submit(rated.body.assignmentId, p1, cannotAssess("missing_context"));
    expect([late.status, late.body.error?.code]).toEqual([409, "conflict"]);
    expect((await prisma.assignment.findUniqueOrThrow({ where: { id: rated.body.assignmentId } })).status).toBe("submitted");

    const held = await next(queueId, p1);
    expect((await submit(held.body.assignmentId, p1, cannotAssess("missing_context"))).status).toBe(201);
    const again = await submit(held.body.assignmentId, p1, cannotAssess("missing_context"));
    expect([again.status, again.body.cannot_assess]).toEqual([200, { reason: "missing_context" }]);
    expect(await prisma.auditLog.count({ where: { entityId: held.body.assignmentId, action: "assignment.cannot_assess" } })).toBe(1);
    expect((await submit(held.body.assignmentId, p1, cannotAssess("unreadable"))).status).toBe(409);
    expect((await submit(held.body.assignmentId, p1, rating())).status).toBe(409);
    expect((await skip(held.body.assignmentId, p1)).status).toBe(409);
    expect(await prisma.rating.count({ where: { assignmentId: held.body.assignmentId } })).toBe(0);
  });

  it("is refused in a locked study (409 study_locked)", async () => {
    const studyId = await studyWithAnswers(admin, 2);
    const [p1, p2] = (await raters(2)) as [User, User];
    const { id: queueId } = await createQueue(admin, studyId, [p1, p2]);
    const held = await next(queueId, p1);
    expect((await api(`/api/v1/studies/${studyId}/lock`, { method: "POST", token: admin.token, json: { reason: "Frozen for the paper." } })).status).toBe(200);
    const refused = await submit(held.body.assignmentId, p1, cannotAssess());
    expect([refused.status, (refused.body as Partial<ApiErrorBody>).error?.code]).toEqual([409, "study_locked"]);
    expect((await prisma.assignment.findUniqueOrThrow({ where: { id: held.body.assignmentId } })).status).toBe("active");
  });
});

describe("time on task", () => {
  it("is the time from claim to first submission less the hidden time, clamped at 0, and an edit keeps it", async () => {
    const studyId = await studyWithAnswers(admin, 3);
    const [p1, p2] = (await raters(2)) as [User, User];
    const { id: queueId } = await createQueue(admin, studyId, [p1, p2]);

    // Held 600 s on the database's clock, 200 s of it hidden: about 400 s active.
    const first = await next(queueId, p1);
    await claimedAgo(first.body.assignmentId, 600);
    expect((await submit(first.body.assignmentId, p1, validRating({ hidden_seconds: 200 }))).status).toBe(201);
    const a = await prisma.assignment.findUniqueOrThrow({ where: { id: first.body.assignmentId } });
    const elapsed = ((a.submittedAt?.getTime() ?? 0) - a.claimedAt.getTime()) / 1000;
    expect(elapsed).toBeGreaterThanOrEqual(600);
    expect(a.activeSeconds).toBe(activeSeconds(elapsed, 200));
    expect(a.activeSeconds).toBe(Math.round(elapsed - 200));
    // An edit changes the rating, not the time.
    expect((await submit(first.body.assignmentId, p1, validRating({ omission_harm: 3, hidden_seconds: 50 }))).status).toBe(200);
    expect((await prisma.assignment.findUniqueOrThrow({ where: { id: first.body.assignmentId } })).activeSeconds).toBe(a.activeSeconds);

    // Hidden longer than held: 0, never negative.
    const second = await next(queueId, p1);
    await claimedAgo(second.body.assignmentId, 30);
    expect((await submit(second.body.assignmentId, p1, validRating({ hidden_seconds: 5000 }))).status).toBe(201);
    expect((await prisma.assignment.findUniqueOrThrow({ where: { id: second.body.assignmentId } })).activeSeconds).toBe(0);

    // A cannot-assess has its active time too.
    const third = await next(queueId, p1);
    await claimedAgo(third.body.assignmentId, 120);
    expect((await submit(third.body.assignmentId, p1, cannotAssess("unreadable", { hidden_seconds: 20 }))).status).toBe(201);
    const c = await prisma.assignment.findUniqueOrThrow({ where: { id: third.body.assignmentId } });
    expect(c.activeSeconds).toBe(activeSeconds(((c.submittedAt?.getTime() ?? 0) - c.claimedAt.getTime()) / 1000, 20));
    expect(c.activeSeconds).toBeGreaterThanOrEqual(100);
  });
});

describe("statements", () => {
  const statements = (studyId: string, query = "", who = researcher) => api<string & Partial<ApiErrorBody>>(`/api/v1/studies/${studyId}/statements.csv${query}`, { token: who.token });

  it("count each physician's ratings, cannot-assess records and active hours, in the period asked", async () => {
    const studyId = await studyWithAnswers(admin, 3);
    const [p1, p2] = (await raters(2)) as [User, User];
    const { id: queueId } = await createQueue(admin, studyId, [p1, p2]);
    const claimed = [];
    for (const [i, body] of [rating(), rating(2, 1), cannotAssess("missing_context")].entries()) {
      const held = await next(queueId, p1);
      await claimedAgo(held.body.assignmentId, 1800 * (i + 1));
      expect((await submit(held.body.assignmentId, p1, body)).status).toBe(201);
      claimed.push(held.body.assignmentId);
    }
    expect(await rateToTheEnd(queueId, p2)).toBeNull();

    const answer = await statements(studyId);
    expect(answer.status, String(answer.body)).toBe(200);
    expect(answer.contentType).toContain("text/csv");
    const lines = String(answer.body).trimEnd().split("\r\n");
    expect(lines[0]).toBe("physician,email,first_date,last_date,ratings_given,cannot_assess,active_hours");
    const stored = await prisma.assignment.findMany({ where: { userId: { in: [p1.user.id, p2.user.id] }, queueItem: { queueId } } });
    const row = (who: User) => {
      const mine = stored.filter((a) => a.userId === who.user.id);
      const days = mine.map((a) => a.submittedAt?.toISOString().slice(0, 10) ?? "").sort();
      const hours = mine.reduce((sum, a) => sum + (a.activeSeconds ?? 0), 0) / 3600;
      const rated = mine.filter((a) => a.status === "submitted").length;
      const abstained = mine.filter((a) => a.status === "cannot_assess").length;
      return [who.user.name, who.email, days[0], days.at(-1), rated, abstained, (Math.round(hours * 100) / 100).toFixed(2)].join(",");
    };
    expect(lines.slice(1).sort()).toEqual([row(p1), row(p2)].sort());
    // p1: 2 ratings and 1 cannot-assess, held 30 + 60 + 90 minutes: 3 active hours.
    expect(lines.find((l) => l.includes(p1.email))).toMatch(/,2,1,3\.00$/);
    // The physician's own statement: the same counts, for this study only.
    const own = (await ownStatements(p1.user.id, {})).filter((o) => o.studyId === studyId);
    expect(own.map((o) => [o.answersRated, o.cannotAssess, o.activeHours.toFixed(2)])).toEqual([[2, 1, "3.00"]]);
    expect(await ownStatements(p1.user.id, { from: "2999-01-01" })).toEqual([]);

    // A period after today holds nothing; one that includes today holds both.
    const today = new Date().toISOString().slice(0, 10);
    expect(String((await statements(studyId, "?from=2999-01-01")).body).trimEnd().split("\r\n")).toHaveLength(1);
    expect(String((await statements(studyId, `?from=2000-01-01&to=2999-12-31`)).body).trimEnd().split("\r\n")).toHaveLength(3);
    expect((await statements(studyId, `?to=${today}`)).status).toBe(200);
  });

  it("refuse an unknown parameter, a malformed date and a period ending before it starts (422 naming the field)", async () => {
    const studyId = await studyWithAnswers(admin, 1);
    const field = async (query: string) => {
      const refused = await statements(studyId, query);
      expect(refused.status, query).toBe(422);
      return refused.body.error?.details.map((d) => d.field);
    };
    expect(await field("?rater=x")).toEqual(["rater"]);
    expect(await field("?from=2026-13-01")).toEqual(["from"]);
    expect(await field("?to=yesterday")).toEqual(["to"]);
    expect(await field("?from=2026-05-02&to=2026-05-01")).toEqual(["to"]);
    expect((await api(`/api/v1/studies/00000000-0000-7000-8000-000000000000/statements.csv`, { token: researcher.token })).status).toBe(404);
  });
});
