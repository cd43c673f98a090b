// A session cookie works only while its session is open on the server:
// sign-out, deactivation and endSessionsOf (password change) end it, and a
// copy of the cookie taken before stops working on the next request.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { endSessionsOf, SESSION_MAX_AGE_SECONDS } from "@/lib/auth/sessions";
import { answer, ndjson, scenario } from "@/tests/fixtures/study";
import { api, baseUrl, newStudy, userWithToken } from "@/tests/integration/helpers";
import { signIn, signOut } from "@/tests/integration/sign-in";

type User = Awaited<ReturnType<typeof userWithToken>>;
let admin: User;

beforeAll(async () => {
  admin = await userWithToken("admin");
});

/** A queue with one answer and `rater` in its pool. */
async function queueFor(rater: User): Promise<string> {
  const id = await newStudy(admin, "Session study");
  const post = (kind: string, body: string) => api(`/api/v1/studies/${id}/${kind}`, { method: "POST", token: admin.token, body });
  expect((await post("scenarios", JSON.stringify(scenario("S1")))).status).toBe(200);
  expect((await post("responses", ndjson([answer("S1", "m", 1)]))).status).toBe(200);
  const queue = await api<{ id: string }>(`/api/v1/studies/${id}/queues`, {
    method: "POST",
    token: admin.token,
    json: { name: "q", ratingsPerItem: 1, raters: [rater.email] },
  });
  expect(queue.status, JSON.stringify(queue.body)).toBe(201);
  return queue.body.id;
}

/** A claim as the app's own page sends it: with the session cookie, from the app's origin. */
const claimNext = (queueId: string, cookie: string) =>
  fetch(`${baseUrl()}/api/v1/queues/${queueId}/next`, { method: "POST", headers: { cookie, origin: new URL(baseUrl()).origin } });
const openPage = (path: string, cookie: string) => fetch(`${baseUrl()}${path}`, { headers: { cookie }, redirect: "manual" });

/** The cookie opens the rater's page and claims from the queue; or it is refused on both. */
async function expectSession(cookie: string, queueId: string, open: boolean) {
  const page = await openPage("/queues", cookie);
  const next = await claimNext(queueId, cookie);
  if (open) {
    expect(page.status).toBe(200);
    expect(next.status).toBe(200);
  } else {
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toMatch(/\/sign-in$/);
    expect(next.status).toBe(401);
  }
}

describe("a session cookie", () => {
  it("stops working everywhere once its session signs out, even as a copy kept from before", async () => {
    const rater = await userWithToken("rater");
    const queueId = await queueFor(rater);
    const cookie = await signIn(rater.email, rater.password);
    const copied = cookie;
    await expectSession(copied, queueId, true);

    const out = await signOut(cookie);
    expect(out.status).toBe(200);
    await expectSession(copied, queueId, false);
    const session = await prisma.session.findFirstOrThrow({ where: { userId: rater.user.id } });
    expect(session.revokedAt).not.toBeNull();
  });

  it("stops working once its session is older than a session's lifetime, however often the cookie was renewed", async () => {
    const rater = await userWithToken("rater");
    const queueId = await queueFor(rater);
    const cookie = await signIn(rater.email, rater.password);
    await expectSession(cookie, queueId, true);
    // next-auth renews the cookie's own expiry on use; the server row keeps the sign-in time.
    await prisma.session.updateMany({ where: { userId: rater.user.id }, data: { createdAt: new Date(Date.now() - (SESSION_MAX_AGE_SECONDS + 60) * 1000) } });
    await expectSession(cookie, queueId, false);
  });

  it("ends only the session that signed out, not the user's others", async () => {
    const rater = await userWithToken("rater");
    const queueId = await queueFor(rater);
    const laptop = await signIn(rater.email, rater.password);
    const phone = await signIn(rater.email, rater.password);
    await signOut(laptop);
    await expectSession(laptop, queueId, false);
    await expectSession(phone, queueId, true);
  });

  it("of a user who is deactivated stops on the next request", async () => {
    const rater = await userWithToken("rater");
    const queueId = await queueFor(rater);
    const cookie = await signIn(rater.email, rater.password);
    await expectSession(cookie, queueId, true);
    await prisma.user.update({ where: { id: rater.user.id }, data: { active: false } });
    await expectSession(cookie, queueId, false);
  });

  it("stops when the user's sessions are ended (a password change or a deactivation), all of them", async () => {
    const rater = await userWithToken("rater");
    const queueId = await queueFor(rater);
    const laptop = await signIn(rater.email, rater.password);
    const phone = await signIn(rater.email, rater.password);
    expect(await endSessionsOf(rater.user.id)).toBe(2);
    await expectSession(laptop, queueId, false);
    await expectSession(phone, queueId, false);
    // Signing in again opens a new session.
    await expectSession(await signIn(rater.email, rater.password), queueId, true);
  });
});
