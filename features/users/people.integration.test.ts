// Managing people over HTTP: deactivation (sessions and tokens refused on the
// next request, back after a reactivation, ratings kept), roles, the rules on
// yourself and the last admin, and a password reset through to the new password.
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { sessionCookie } from "@/scripts/lib/sign-in";
import { api, baseUrl, unique, userWithToken, type ApiErrorBody } from "@/tests/integration/helpers";
import { createQueue, next, studyWithAnswers, submit } from "@/tests/integration/queues";
import { builtActions, callAction } from "@/tests/integration/server-actions";
import { postSignIn, csrf } from "@/tests/integration/sign-in";
import { updateUser } from "./people";

type Person = { id: string; email: string; name: string; role: string; active: boolean };

const patch = (id: string, token: string, json: unknown) => api<Person & ApiErrorBody>(`/api/v1/users/${id}`, { method: "PATCH", token, json });

/** A GET with the session cookie only, as a browser sends it; the status, without following a redirect. */
async function withCookie(path: string, cookie: string): Promise<{ status: number; location: string | null; body: string }> {
  const response = await fetch(`${baseUrl()}${path}`, { headers: { cookie }, redirect: "manual" });
  return { status: response.status, location: response.headers.get("location"), body: await response.text() };
}

async function signInStatus(email: string, password: string): Promise<number> {
  const response = await postSignIn(email, password, { csrf: await csrf() });
  await response.body?.cancel();
  return response.status;
}

describe("GET /api/v1/users", () => {
  it("lists everyone with id, email, name, role and active, and nothing else", async () => {
    const admin = await userWithToken("admin");
    const rater = await userWithToken("rater");
    await prisma.user.update({ where: { id: rater.user.id }, data: { active: false } });
    const listed = await api<Person[]>("/api/v1/users", { token: admin.token });
    expect(listed.status).toBe(200);
    const row = listed.body.find((p) => p.id === rater.user.id);
    expect(row).toEqual({ id: rater.user.id, email: rater.email, name: "Test rater", role: "rater", active: false });
    expect(JSON.stringify(listed.body)).not.toMatch(/password|hash/i);
  });
});

describe("deactivating a user", () => {
  it("refuses their session cookie and their token on the next request, keeps their ratings, releases their holds, and a reactivation restores both", async () => {
    const admin = await userWithToken("admin");
    const rater = await userWithToken("rater");
    const studyId = await studyWithAnswers(admin, 2);
    const queue = await createQueue(admin, studyId, [rater, await userWithToken("rater")]);
    const claimed = await next(queue.id, rater);
    expect((await submit(claimed.body.assignmentId, rater)).status).toBe(201);
    const cookie = await sessionCookie(baseUrl(), rater.email, rater.password);
    expect((await withCookie("/queues", cookie)).status).toBe(200);
    expect((await next(queue.id, rater)).status).toBe(200);
    const holding = { userId: rater.user.id, status: "active" } as const;
    expect(await prisma.assignment.count({ where: holding })).toBe(1);

    const deactivated = await patch(rater.user.id, admin.token, { active: false });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body).toMatchObject({ id: rater.user.id, active: false, role: "rater" });

    expect((await next(queue.id, rater)).status, "the token").toBe(401);
    expect((await withCookie(`/api/v1/studies`, cookie)).status, "the cookie on the API").toBe(401);
    expect((await withCookie("/queues", cookie)).location, "the cookie on a page").toMatch(/\/sign-in$/);
    expect(await signInStatus(rater.email, rater.password), "a new sign-in").toBe(401);
    expect(await prisma.rating.count({ where: { rater: { userId: rater.user.id } } }), "ratings stay").toBe(1);
    expect(await prisma.assignment.count({ where: holding }), "the hold is released").toBe(0);

    expect((await patch(rater.user.id, admin.token, { active: true })).body).toMatchObject({ active: true });
    expect((await next(queue.id, rater)).status, "the token again").toBe(200);
    expect((await withCookie("/queues", cookie)).status, "the cookie again").toBe(200);

    const audit = await prisma.auditLog.findMany({ where: { entityId: rater.user.id, action: "user.update" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.actorId, a.data])).toEqual([
      [admin.user.id, { email: rater.email, before: { role: "rater", active: true }, after: { role: "rater", active: false }, releasedHolds: 1 }],
      [admin.user.id, { email: rater.email, before: { role: "rater", active: false }, after: { role: "rater", active: true } }],
    ]);
  });
});

describe("changing a role", () => {
  it("takes effect on the next request, gives a new rater a rater record, and is audited", async () => {
    const admin = await userWithToken("admin");
    const researcher = await userWithToken("researcher");
    expect((await api("/api/v1/studies", { token: researcher.token })).status).toBe(200);
    expect((await patch(researcher.user.id, admin.token, { role: "rater" })).body).toMatchObject({ role: "rater", active: true });
    expect((await api("/api/v1/studies", { token: researcher.token })).status).toBe(403);
    expect(await prisma.rater.findUnique({ where: { userId: researcher.user.id } })).toMatchObject({ kind: "physician", name: "Test researcher" });
    expect((await patch(researcher.user.id, admin.token, { role: "admin", active: true })).body).toMatchObject({ role: "admin" });
    expect((await api("/api/v1/users", { token: researcher.token })).status).toBe(200);
    const audit = await prisma.auditLog.findMany({ where: { entityId: researcher.user.id, action: "user.update" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => (a.data as { after: unknown }).after)).toEqual([{ role: "rater", active: true }, { role: "admin", active: true }]);
  });

  it("off the rater role, gives their holds back and no longer counts as a rater who could complete an answer", async () => {
    const admin = await userWithToken("admin");
    const [moving, staying] = [await userWithToken("rater"), await userWithToken("rater")];
    const queue = await createQueue(admin, await studyWithAnswers(admin, 1), [moving, staying]);
    expect((await next(queue.id, moving)).status).toBe(200);
    expect((await patch(moving.user.id, admin.token, { role: "researcher" })).status).toBe(200);
    expect(await prisma.assignment.count({ where: { userId: moving.user.id, status: "active" } })).toBe(0);
    const progress = await api<{ short: { total: number; noEligibleRater: number; listed: { eligibleRaters: number }[] } }>(`/api/v1/queues/${queue.id}`, { token: admin.token });
    expect(progress.body.short).toMatchObject({ total: 1, noEligibleRater: 1, listed: [{ eligibleRaters: 1 }] });
  });

  it("refuses bad input by field and changes nothing", async () => {
    const admin = await userWithToken("admin");
    const target = await userWithToken("researcher");
    const before = await prisma.user.findUniqueOrThrow({ where: { id: target.user.id } });
    const cases: [unknown, string | undefined][] = [
      [{}, undefined],
      [{ role: "superuser" }, "role"],
      [{ active: "no" }, "active"],
      [{ active: false, password: "x" }, "password"],
      [{ role: "rater", email: "other@test.tandem" }, "email"],
    ];
    for (const [body, field] of cases) {
      const answer = await patch(target.user.id, admin.token, body);
      expect(answer.status, JSON.stringify(body)).toBe(422);
      if (field) expect(answer.body.error.details.map((d) => d.field)).toContain(field);
      else expect(answer.body.error.details.map((d) => d.message)).toEqual(["Send active, role or both."]);
    }
    expect((await patch(target.user.id, admin.token, { active: false, "nul\u0000": 1 })).status).toBe(422);
    expect(await prisma.user.findUniqueOrThrow({ where: { id: target.user.id } })).toEqual(before);
    expect(await prisma.auditLog.count({ where: { entityId: target.user.id, action: "user.update" } })).toBe(0);
  });

  it("answers 404 for a user who does not exist, or an id that is no id", async () => {
    const admin = await userWithToken("admin");
    const nobody = "0190d3c4-0000-7000-8000-000000000000";
    expect((await patch(nobody, admin.token, { active: false })).status).toBe(404);
    expect((await api(`/api/v1/users/${nobody}/password-reset`, { method: "POST", token: admin.token })).status).toBe(404);
    expect((await api(`/api/v1/users/not-a-uuid/password-reset`, { method: "POST", token: admin.token })).status).toBe(404);
    expect(await prisma.auditLog.count({ where: { entityId: nobody } })).toBe(0);
  });
});

describe("yourself and the last admin", () => {
  it("an admin cannot deactivate or demote themselves: 409, and nothing changes", async () => {
    const admin = await userWithToken("admin");
    for (const [body, field] of [[{ active: false }, "active"], [{ role: "researcher" }, "role"], [{ role: "rater", active: false }, "active"]] as const) {
      const answer = await patch(admin.user.id, admin.token, body);
      expect(answer.status).toBe(409);
      expect(answer.body.error.message).toMatch(/^You cannot (deactivate|demote) yourself/);
      expect(answer.body.error.details[0]?.field).toBe(field);
    }
    expect(await prisma.user.findUniqueOrThrow({ where: { id: admin.user.id } })).toMatchObject({ role: "admin", active: true });
    expect((await patch(admin.user.id, admin.token, { active: true, role: "admin" })).status, "a change to nothing is no harm").toBe(200);
    expect(await prisma.auditLog.count({ where: { entityId: admin.user.id, action: "user.update" } })).toBe(0);
  });

  it("the last active admin keeps the role and stays active, even when two admins demote each other at once", async () => {
    const [a, b] = await Promise.all([userWithToken("admin"), userWithToken("admin")]);
    // Only a and b are active admins for this test; the others come back after it.
    const others = await prisma.user.findMany({ where: { role: "admin", active: true, id: { notIn: [a.user.id, b.user.id] } }, select: { id: true } });
    await prisma.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { active: false } });
    try {
      const [ab, ba] = await Promise.all([patch(b.user.id, a.token, { role: "researcher" }), patch(a.user.id, b.token, { active: false })]);
      const statuses = [ab.status, ba.status].sort();
      expect(statuses[0]).toBe(200);
      expect([403, 409]).toContain(statuses[1]);
      const left = await prisma.user.findMany({ where: { id: { in: [a.user.id, b.user.id] }, role: "admin", active: true } });
      expect(left).toHaveLength(1);

      // Without an actor (the command line) the rule still holds.
      const last = left[0]?.id ?? "";
      const refused = await updateUser(last, { active: false }, null).catch((error: unknown) => error);
      expect(refused).toMatchObject({ status: 409 });
      expect((refused as Error).message).toMatch(/^This is the last active admin/);
      await expect(updateUser(last, { role: "rater" }, null)).rejects.toMatchObject({ status: 409 });
      expect(await prisma.user.findUniqueOrThrow({ where: { id: last } })).toMatchObject({ role: "admin", active: true });
    } finally {
      await prisma.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { active: true } });
    }
  });
});

describe("a password reset", () => {
  it("returns a temporary password once; the old one fails, the temporary one signs in and must be changed before anything else", async () => {
    const admin = await userWithToken("admin");
    const researcher = await userWithToken("researcher");
    const oldCookie = await sessionCookie(baseUrl(), researcher.email, researcher.password);

    const reset = await api<{ temporaryPassword: string }>(`/api/v1/users/${researcher.user.id}/password-reset`, { method: "POST", token: admin.token });
    expect(reset.status).toBe(201);
    const temporary = reset.body.temporaryPassword;
    expect(temporary).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: researcher.user.id } });
    expect(stored.mustChangePassword).toBe(true);
    expect(stored.passwordHash).not.toContain(temporary);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: researcher.user.id, action: "user.password_reset" } });
    expect(audit.actorId).toBe(admin.user.id);
    expect(JSON.stringify(audit.data)).not.toContain(temporary);

    expect((await withCookie("/api/v1/studies", oldCookie)).status, "sessions opened before the reset end").toBe(401);
    expect(await signInStatus(researcher.email, researcher.password), "the old password").toBe(401);
    expect((await api("/api/v1/studies", { token: researcher.token })).status, "API tokens keep working").toBe(200);

    const cookie = await sessionCookie(baseUrl(), researcher.email, temporary);
    for (const page of ["/results", "/", "/admin"]) {
      const answer = await withCookie(page, cookie);
      expect(answer.location ?? "", page).toMatch(/\/(account\/password|results)$/);
      if (page === "/results") expect(answer.location).toMatch(/\/account\/password$/);
    }
    expect((await withCookie("/account/password", cookie)).body).toContain("Your password was reset by an admin.");
    const refused = await withCookie("/api/v1/studies", cookie);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain("Choose a new password first");

    const change = builtActions().get("features/users/actions.ts#changePasswordAction");
    if (!change) throw new Error("run npm run build");
    const send = (fields: Record<string, string>) => callAction({ baseUrl: baseUrl(), actionId: change.id, page: "/account/password", fields, headers: { cookie } });
    const newPassword = `my own ${unique("pw")}`;
    const wrong = await send({ currentPassword: "not it at all", newPassword, repeatPassword: newPassword });
    expect(wrong.state).toMatchObject({ ok: false, fieldErrors: { currentPassword: "This is not your current password." } });
    const differ = await send({ currentPassword: temporary, newPassword, repeatPassword: `${newPassword}x` });
    expect(differ.state).toMatchObject({ ok: false, fieldErrors: { repeatPassword: "The two new passwords differ." } });
    const short = await send({ currentPassword: temporary, newPassword: "short", repeatPassword: "short" });
    expect(short.state).toMatchObject({ ok: false, fieldErrors: { newPassword: "The password needs at least 10 characters." } });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: researcher.user.id } })).mustChangePassword).toBe(true);

    const done = await send({ currentPassword: temporary, newPassword, repeatPassword: newPassword });
    expect(done.state).toMatchObject({ ok: true });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: researcher.user.id } })).toMatchObject({ mustChangePassword: false });
    expect((await withCookie("/results", cookie)).location, "the change ends this session too").toMatch(/\/sign-in$/);
    expect(await signInStatus(researcher.email, temporary), "the temporary password is spent").toBe(401);
    const fresh = await sessionCookie(baseUrl(), researcher.email, newPassword);
    expect((await withCookie("/results", fresh)).status).toBe(200);
    expect((await withCookie("/api/v1/studies", fresh)).status).toBe(200);
    expect(await prisma.auditLog.count({ where: { entityId: researcher.user.id, action: "user.password_change", actorId: researcher.user.id } })).toBe(1);
  });

  it("of a user with a reset due refuses every other server action", async () => {
    const admin = await userWithToken("admin");
    const reset = await api<{ temporaryPassword: string }>(`/api/v1/users/${admin.user.id}/password-reset`, { method: "POST", token: admin.token });
    const cookie = await sessionCookie(baseUrl(), admin.email, reset.body.temporaryPassword);
    const createStudy = builtActions().get("features/admin/actions.ts#createStudyAction");
    if (!createStudy) throw new Error("run npm run build");
    const name = unique("Refused study");
    const { state } = await callAction({ baseUrl: baseUrl(), actionId: createStudy.id, page: "/admin", fields: { name, description: "" }, headers: { cookie } });
    expect(state).toMatchObject({ ok: false, message: "Choose a new password first (your password was reset)." });
    expect(await prisma.study.count({ where: { name } })).toBe(0);
  });
});
