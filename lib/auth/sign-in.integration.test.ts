// Sign-in over HTTP: its body is bounded before it is read, and failed
// sign-ins are throttled per account and per client address (429 with
// Retry-After), with the counters in PostgreSQL.
import http from "node:http";
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { AUTH_BODY_LIMIT_BYTES } from "@/lib/auth/auth-route";
import { parseSignInRefusal } from "@/lib/auth/sign-in-refusal";
import { THROTTLE_RULES } from "@/lib/auth/throttle-policy";
import { baseUrl, unique, userWithToken, type ApiErrorBody } from "@/tests/integration/helpers";
import { csrf, postSignIn, signIn } from "@/tests/integration/sign-in";

/** Sends a POST to the sign-in callback with node:http and resolves with the status the server answers. */
function rawPost(headers: Record<string, string>, write: (request: http.ClientRequest) => void): Promise<number> {
  const url = new URL(`${baseUrl()}/api/auth/callback/credentials`);
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers } });
    request.on("response", (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
      request.destroy();
    });
    request.on("error", reject);
    write(request);
  });
}

const serverIsUp = async () => (await fetch(`${baseUrl()}/sign-in`)).status === 200;

describe("the sign-in body", () => {
  it("is refused at once (413) when its declared length is over the limit, before any of it arrives", async () => {
    // 400 MB declared, 10 bytes sent: only a server that trusts the declaration answers.
    const status = await rawPost({ "content-length": String(400 * 1024 * 1024) }, (request) => request.write("email=a%40b"));
    expect(status).toBe(413);
    expect(await serverIsUp()).toBe(true);
  });

  it("is refused (413) once a chunked body with no declared length passes the limit while it streams", async () => {
    const chunk = Buffer.alloc(4 * 1024, "a");
    let sent = 0;
    const status = await rawPost({ "transfer-encoding": "chunked" }, (request) => {
      // Past the limit and no further, and the body never ended: only a server that counts as it reads can answer.
      // (Sending on while the server refuses and closes can meet a reset that reaches us before its answer.)
      while (sent <= AUTH_BODY_LIMIT_BYTES) {
        sent += chunk.length;
        request.write(chunk);
      }
    });
    expect(status).toBe(413);
    expect(sent).toBeGreaterThan(AUTH_BODY_LIMIT_BYTES);
    expect(await serverIsUp()).toBe(true);
  });

  it("of a normal sign-in still signs in", async () => {
    const user = await userWithToken("researcher");
    const cookie = await signIn(user.email, user.password);
    const studies = await fetch(`${baseUrl()}/api/v1/studies`, { headers: { cookie } });
    expect(studies.status).toBe(200);
  });
});

const accountLimit = THROTTLE_RULES.account.limit;
const addressLimit = THROTTLE_RULES.address.limit;

/** Every counter of this client's address, deleted so other tests start clean. */
afterEach(async () => {
  await prisma.signInThrottle.deleteMany({ where: { scope: "address" } });
});

async function refusalOf(response: Response) {
  expect(response.status).toBe(429);
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  const { url } = (await response.json()) as { url: string };
  return parseSignInRefusal(new URL(url).searchParams.get("error"));
}

// Each failure costs a cost-12 bcrypt check: a generous budget for a busy machine, not a timing claim.
describe("a sign-in sent in another shape", () => {
  it("is read as a URL-encoded form only, so the throttle reads what next-auth reads (other types: 415)", async () => {
    const user = await userWithToken("researcher");
    const token = await csrf();
    // A JSON body under a form-like content type: next-auth alone would take it as JSON and check the password.
    const response = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded; x=application/json", cookie: token.cookie },
      body: JSON.stringify({ csrfToken: token.csrfToken, email: user.email, password: user.password, json: "true" }),
    });
    expect(response.headers.getSetCookie().some((c) => c.includes("session-token"))).toBe(false);
    const asJson = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/json", cookie: token.cookie },
      body: JSON.stringify({ csrfToken: token.csrfToken, email: user.email, password: user.password, json: "true" }),
    });
    expect(asJson.status).toBe(415);
  });

  it("with a NUL character in the email is a 422 naming the field, not a 500", async () => {
    const response = await postSignIn("a\u0000b@test.tandem", "whatever password", { csrf: await csrf() });
    expect(response.status).toBe(422);
    expect(((await response.json()) as ApiErrorBody).error.details[0]?.field).toBe("email");
  });
});

describe("failed sign-ins", { timeout: 120_000 }, () => {
  it("lock the account after the limit: the next attempt, even with the right password, gets 429 and checks nothing", async () => {
    const user = await userWithToken("rater");
    const token = await csrf();
    for (let i = 0; i < accountLimit; i++) {
      const failed = await postSignIn(user.email, "wrong password!", { csrf: token });
      expect(failed.status).toBe(401);
    }
    const refused = await postSignIn(user.email.toUpperCase(), user.password, { csrf: token });
    expect(await refusalOf(refused)).toMatchObject({ scope: "account" });
    expect(refused.headers.getSetCookie().some((c) => c.includes("session-token"))).toBe(false);

    // An API client (no json=true) gets the same 429, with the API's error body.
    const api = await postSignIn(user.email, user.password, { csrf: token, json: false });
    expect(api.status).toBe(429);
    expect(Number(api.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await api.json()) as ApiErrorBody;
    expect(body.error.code).toBe("too_many_requests");
    expect(body.error.message).toMatch(/^Too many failed sign-ins for this account; try again in \d+ minutes?\.$/);
  });

  it("let the account sign in again once the lock has passed", async () => {
    const user = await userWithToken("rater");
    const token = await csrf();
    for (let i = 0; i <= accountLimit; i++) await postSignIn(user.email, "wrong password!", { csrf: token });
    expect((await postSignIn(user.email, user.password, { csrf: token })).status).toBe(429);

    await prisma.signInThrottle.update({
      where: { scope_key: { scope: "account", key: user.email } },
      data: { lockedUntil: new Date(Date.now() - 1000) },
    });
    expect((await postSignIn(user.email, user.password, { csrf: token })).status).toBe(200);
    expect(await prisma.signInThrottle.count({ where: { scope: "account", key: user.email } })).toBe(0);
  });

  it("are forgotten for the account after a success", async () => {
    const user = await userWithToken("rater");
    const token = await csrf();
    for (let i = 0; i < accountLimit - 1; i++) expect((await postSignIn(user.email, "wrong password!", { csrf: token })).status).toBe(401);
    expect((await postSignIn(user.email, user.password, { csrf: token })).status).toBe(200);
    // A full allowance again: without the reset the second of these would be refused.
    for (let i = 0; i < accountLimit; i++) expect((await postSignIn(user.email, "wrong password!", { csrf: token })).status).toBe(401);
    expect((await postSignIn(user.email, user.password, { csrf: token })).status).toBe(429);
  });

  it("sent in parallel cannot slip past the limit: exactly the allowance is checked, the rest refused", async () => {
    const user = await userWithToken("rater");
    const token = await csrf();
    const statuses = await Promise.all(
      Array.from({ length: accountLimit + 7 }, () => postSignIn(user.email, "wrong password!", { csrf: token }).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(accountLimit);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it("from one address across many accounts hit the address limit, whatever X-Forwarded-For the client sends", async () => {
    const token = await csrf();
    const spoofed = () => ({ "x-forwarded-for": `203.0.113.${randomBytes(1)[0] ?? 0}` });
    // One failure per account, so only the address counter can trip.
    const attempts = Array.from({ length: addressLimit }, () => `${unique("guess")}@test.tandem`);
    for (let i = 0; i < attempts.length; i += 3) {
      const batch = attempts.slice(i, i + 3).map((email) => postSignIn(email, "wrong password!", { csrf: token, headers: spoofed() }));
      for (const response of await Promise.all(batch)) expect(response.status).toBe(401);
    }
    const user = await userWithToken("rater");
    const refused = await postSignIn(user.email, user.password, { csrf: token, headers: spoofed() });
    expect(await refusalOf(refused)).toMatchObject({ scope: "address" });
  });
});
