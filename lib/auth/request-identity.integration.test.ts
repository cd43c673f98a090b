// Who sends a request is read from the database on every request, in one
// statement, and never cached: a revoked token, an ended session, a
// deactivation or a new role hold from the very next request. "Last used" and
// "last seen" are written at most once a minute. The session is read from the
// session cookie alone.
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { api, baseUrl, userWithToken } from "@/tests/integration/helpers";
import { signIn } from "@/tests/integration/sign-in";

const studies = (headers: Record<string, string>) => fetch(`${baseUrl()}/api/v1/studies`, { headers });
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe("an API token", () => {
  it("is refused on the very next request once revoked", async () => {
    const researcher = await userWithToken("researcher");
    expect((await api("/api/v1/studies", { token: researcher.token })).status).toBe(200);
    await prisma.apiToken.update({ where: { id: researcher.tokenId }, data: { revokedAt: new Date() } });
    expect((await api("/api/v1/studies", { token: researcher.token })).status).toBe(401);
  });

  it("follows its owner's deactivation and role from the very next request", async () => {
    const researcher = await userWithToken("researcher");
    expect((await api("/api/v1/studies", { token: researcher.token })).status).toBe(200);
    await prisma.user.update({ where: { id: researcher.user.id }, data: { role: "rater" } });
    expect((await api("/api/v1/studies", { token: researcher.token })).status).toBe(403);
    await prisma.user.update({ where: { id: researcher.user.id }, data: { role: "researcher", active: false } });
    expect((await api("/api/v1/studies", { token: researcher.token })).status).toBe(401);
    await prisma.user.update({ where: { id: researcher.user.id }, data: { active: true } });
    expect((await api("/api/v1/studies", { token: researcher.token })).status).toBe(200);
  });

  it("records when it was last used, to the minute: no write while the last use is under a minute old", async () => {
    const researcher = await userWithToken("researcher");
    const lastUsed = async () => (await prisma.apiToken.findUniqueOrThrow({ where: { id: researcher.tokenId } })).lastUsedAt;
    expect(await lastUsed()).toBeNull();
    const before = new Date();
    expect((await api("/api/v1/studies", { token: researcher.token })).status).toBe(200);
    expect((await lastUsed())?.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);

    const recent = minutesAgo(0.5);
    await prisma.apiToken.update({ where: { id: researcher.tokenId }, data: { lastUsedAt: recent } });
    expect((await api("/api/v1/studies", { token: researcher.token })).status).toBe(200);
    expect(await lastUsed()).toEqual(recent);

    await prisma.apiToken.update({ where: { id: researcher.tokenId }, data: { lastUsedAt: minutesAgo(2) } });
    const again = new Date();
    expect((await api("/api/v1/studies", { token: researcher.token })).status).toBe(200);
    expect((await lastUsed())?.getTime()).toBeGreaterThanOrEqual(again.getTime() - 1000);
  });
});

describe("a session cookie", () => {
  it("records when its session was last seen, to the minute: no write while that is under a minute old", async () => {
    const researcher = await userWithToken("researcher");
    const cookie = await signIn(researcher.email, researcher.password);
    const session = await prisma.session.findFirstOrThrow({ where: { userId: researcher.user.id } });
    const lastSeen = async () => (await prisma.session.findUniqueOrThrow({ where: { id: session.id } })).lastSeenAt;

    const recent = minutesAgo(0.5);
    await prisma.session.update({ where: { id: session.id }, data: { lastSeenAt: recent } });
    expect((await studies({ cookie })).status).toBe(200);
    expect(await lastSeen()).toEqual(recent);

    await prisma.session.update({ where: { id: session.id }, data: { lastSeenAt: minutesAgo(2) } });
    const again = new Date();
    expect((await studies({ cookie })).status).toBe(200);
    expect((await lastSeen()).getTime()).toBeGreaterThanOrEqual(again.getTime() - 1000);
  });

  it("counts only as the cookie it is: altered, or sent as a Bearer token or to a page in an Authorization header, it opens nothing", async () => {
    const researcher = await userWithToken("researcher");
    const cookie = await signIn(researcher.email, researcher.password);
    const pair = cookie.split("; ").find((c) => c.startsWith("next-auth.session-token=")) ?? "";
    const value = pair.slice(pair.indexOf("=") + 1);
    expect(value).not.toBe("");
    expect((await studies({ cookie: pair })).status).toBe(200);

    const altered = `${value.slice(0, -4)}${value.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
    expect((await studies({ cookie: `next-auth.session-token=${altered}` })).status).toBe(401);
    expect((await studies({ authorization: `Bearer ${value}` })).status).toBe(401);
    const page = await fetch(`${baseUrl()}/results`, { headers: { authorization: `Bearer ${value}` }, redirect: "manual" });
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toMatch(/\/sign-in$/);
  });
});
