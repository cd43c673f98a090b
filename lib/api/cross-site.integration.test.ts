// Writes authenticated by the session cookie must come from the app's own
// pages: another site's form or fetch carries the cookie too, but not our
// Origin. And a write's body must say what it is (its content type).
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { scenario } from "@/tests/fixtures/study";
import { api, baseUrl, newStudy, unique, userWithToken, type ApiErrorBody } from "@/tests/integration/helpers";
import { sessionCookie } from "@/scripts/lib/sign-in";

const OTHER_SITE = "http://127.0.0.1:1";

let admin: Awaited<ReturnType<typeof userWithToken>>;
let cookie: string;
beforeAll(async () => {
  admin = await userWithToken("admin");
  cookie = await sessionCookie(baseUrl(), admin.email, admin.password);
});

/** POST /api/v1/studies with the admin's session cookie, as a browser would send it. */
const createWithCookie = (name: string, headers: Record<string, string>, type = "application/json") =>
  api<ApiErrorBody>("/api/v1/studies", { method: "POST", headers: { cookie, ...headers }, type, body: JSON.stringify({ name }) });

const studyNamed = (name: string) => prisma.study.findUnique({ where: { name } });

describe("a write with the session cookie", () => {
  it.each([
    ["another origin's JSON fetch", { origin: OTHER_SITE }, "application/json"],
    ["another origin's no-cors fetch or plain form (text/plain)", { origin: OTHER_SITE }, "text/plain"],
    ["an opaque origin", { origin: "null" }, "application/json"],
    ["no Origin, from another site", { "sec-fetch-site": "cross-site" }, "application/json"],
    ["no Origin and no fetch metadata", {}, "application/json"],
  ])("from %s is refused (403) and writes nothing", async (_case, headers, type) => {
    const name = unique("Cross-site study");
    const refused = await createWithCookie(name, headers, type);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("cross_origin");
    expect(await studyNamed(name)).toBeNull();
  });

  it("from another origin's multipart form imports nothing", async () => {
    const study = { id: await newStudy(admin, "Cross-site import") };
    const form = new FormData();
    form.append("files", new File([JSON.stringify(scenario("X1"))], "x1.json", { type: "application/json" }));
    const response = await fetch(`${baseUrl()}/api/v1/studies/${study.id}/scenarios`, { method: "POST", headers: { cookie, origin: OTHER_SITE }, body: form });
    expect(response.status).toBe(403);
    expect(await prisma.scenario.count({ where: { studyId: study.id } })).toBe(0);
  });

  it("from the app's own origin works, by Origin or, without one, by Sec-Fetch-Site", async () => {
    const byOrigin = unique("Own-origin study");
    expect((await createWithCookie(byOrigin, { origin: baseUrl() })).status).toBe(201);
    const byFetchSite = unique("Same-origin study");
    expect((await createWithCookie(byFetchSite, { "sec-fetch-site": "same-origin" })).status).toBe(201);
    expect(await studyNamed(byOrigin)).not.toBeNull();
    expect(await studyNamed(byFetchSite)).not.toBeNull();
  });

  it("needs the JSON content type even from the app's own origin (415 naming it)", async () => {
    const name = unique("Plain-text study");
    const refused = await createWithCookie(name, { origin: baseUrl() }, "text/plain");
    expect(refused.status).toBe(415);
    expect(refused.body.error).toMatchObject({ code: "unsupported_media_type", message: expect.stringContaining("application/json") as string });
    expect(await studyNamed(name)).toBeNull();
  });
});

describe("a write with an API token", () => {
  it("needs no Origin (it is not a browser's ambient credential), but still the right content type", async () => {
    const name = unique("Token study");
    const created = await api("/api/v1/studies", { method: "POST", token: admin.token, headers: { origin: OTHER_SITE }, json: { name } });
    expect(created.status).toBe(201);
    const plain = await api<ApiErrorBody>("/api/v1/studies", { method: "POST", token: admin.token, type: "text/plain", json: { name: unique("x") } });
    expect(plain.status).toBe(415);
  });
});

describe("an import's content type", () => {
  const post = (studyId: string, type: string | null, query = "") =>
    fetch(`${baseUrl()}/api/v1/studies/${studyId}/scenarios${query}`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin.token}`, ...(type ? { "content-type": type } : {}) },
      body: new Blob([JSON.stringify(scenario("T1"))]),
    });

  it.each([
    ["text/plain without a file name", "text/plain", ""],
    ["text/plain with a file name that does not say the format", "text/plain", "?filename=notes.txt"],
    ["a form encoding", "application/x-www-form-urlencoded", ""],
    ["no content type", null, "?filename=scenarios.json"],
  ])("is refused when it is %s (415 naming the accepted types)", async (_case, type, query) => {
    const study = { id: await newStudy(admin, "Import type") };
    const response = await post(study.id, type, query);
    expect(response.status).toBe(415);
    const body = (await response.json()) as ApiErrorBody;
    expect(body.error.message).toEqual(expect.stringContaining("application/x-ndjson"));
    expect(await prisma.scenario.count({ where: { studyId: study.id } })).toBe(0);
  });

  it("may be text/plain when the file name says the format", async () => {
    const study = { id: await newStudy(admin, "Import type") };
    expect((await post(study.id, "text/plain; charset=utf-8", "?filename=scenarios.json")).status).toBe(200);
    expect(await prisma.scenario.count({ where: { studyId: study.id } })).toBe(1);
  });
});
