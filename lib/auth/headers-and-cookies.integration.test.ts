// Security headers on every response; session cookies Secure only when the
// app is served over https; forwarded headers believed only behind a proxy
// the configuration names (TRUST_PROXY=1).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import type { ChildProcess } from "node:child_process";
import { prisma } from "@/lib/db/prisma";
import { freePort } from "@/scripts/db/embedded-postgres";
import { exited, startAppServer, waitForHttp } from "@/scripts/lib/next-server";
import { baseUrl, unique, userWithToken } from "@/tests/integration/helpers";
import { csrf, postSignIn } from "@/tests/integration/sign-in";

describe("every response", () => {
  it.each(["/sign-in", "/api/v1/studies", "/api/auth/csrf"])("carries the security headers: %s", async (path) => {
    const response = await fetch(`${baseUrl()}${path}`, { redirect: "manual" });
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
  });
});

/** The session cookie a successful sign-in sets, through the server at `base`. */
async function sessionCookie(base: string, headers: Record<string, string>): Promise<string> {
  const user = await userWithToken("rater");
  const token = await csrf({ base, headers });
  const response = await postSignIn(user.email, user.password, { csrf: token, headers, base });
  expect(response.status).toBe(200);
  return response.headers.getSetCookie().find((c) => c.includes("session-token")) ?? "";
}

describe("without TRUST_PROXY (the app faces clients itself)", () => {
  it("serves plain http with plain cookies, whatever X-Forwarded-Proto a client claims", async () => {
    const cookie = await sessionCookie(baseUrl(), { "x-forwarded-proto": "https" });
    expect(cookie).toMatch(/^next-auth\.session-token=/);
    expect(cookie).not.toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
  });
});

describe("behind a trusted proxy (TRUST_PROXY=1)", () => {
  let server: ChildProcess;
  let proxied: string;

  beforeAll(async () => {
    const started = startAppServer(await freePort(), inject("databaseUrl"), { env: { TRUST_PROXY: "1" } });
    server = started.server;
    proxied = started.baseUrl;
    await waitForHttp(`${proxied}/sign-in`);
  });
  afterAll(async () => {
    server.kill("SIGTERM");
    await exited(server);
    await prisma.signInThrottle.deleteMany({ where: { scope: "address" } });
  });

  it("sets Secure, __Secure- cookies when the proxy says the request came over https", async () => {
    const cookie = await sessionCookie(proxied, { "x-forwarded-proto": "https", "x-forwarded-for": "198.51.100.7" });
    expect(cookie).toMatch(/^__Secure-next-auth\.session-token=/);
    expect(cookie).toMatch(/;\s*Secure/i);
    const plain = await sessionCookie(proxied, { "x-forwarded-proto": "http", "x-forwarded-for": "198.51.100.7" });
    expect(plain).toMatch(/^next-auth\.session-token=/);
  });

  it("reads a __Secure- session cookie on a request the proxy says came over https, and only there", async () => {
    const https = { "x-forwarded-proto": "https", "x-forwarded-for": "198.51.100.8" };
    const cookie = (await sessionCookie(proxied, https)).split(";")[0] ?? "";
    expect(cookie).toMatch(/^__Secure-next-auth\.session-token=/);
    // The signed-in user is a rater: a 403 (known, wrong role) rather than a 401 shows the cookie was read.
    const studies = (headers: Record<string, string>) => fetch(`${proxied}/api/v1/studies`, { headers: { cookie, ...headers } });
    expect((await studies(https)).status).toBe(403);
    expect((await studies({ "x-forwarded-proto": "http" })).status).toBe(401);
  });

  it("counts failed sign-ins by the address the proxy appended to X-Forwarded-For", async () => {
    const token = await csrf({ base: proxied });
    const from = (address: string) => ({ "x-forwarded-for": `10.0.0.1, ${address}` });
    const failed = await postSignIn(`${unique("nobody")}@test.tandem`, "wrong password!", { csrf: token, headers: from("198.51.100.23"), base: proxied });
    expect(failed.status).toBe(401);
    const counters = await prisma.signInThrottle.findMany({ where: { scope: "address", key: { in: ["198.51.100.23", "10.0.0.1"] } } });
    expect(counters.map((c) => [c.key, c.attempts])).toEqual([["198.51.100.23", 1]]);
  });
});
