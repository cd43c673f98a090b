// API v1 foundation over real HTTP: authentication, roles, error shape, studies.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { revokeApiToken } from "@/features/users/service";
import { api, unique, userWithToken, type ApiErrorBody } from "@/tests/integration/helpers";

let admin: Awaited<ReturnType<typeof userWithToken>>;
let researcher: Awaited<ReturnType<typeof userWithToken>>;
let rater: Awaited<ReturnType<typeof userWithToken>>;

beforeAll(async () => {
  [admin, researcher, rater] = await Promise.all([userWithToken("admin"), userWithToken("researcher"), userWithToken("rater")]);
});

function expectError(result: { status: number; body: unknown }, status: number, code: string) {
  expect(result.status).toBe(status);
  const body = result.body as ApiErrorBody;
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(Array.isArray(body.error.details)).toBe(true);
  return body.error;
}

describe("POST /api/v1/studies", () => {
  it("creates a study for an admin token: 201 with its id and name, stored and audited", async () => {
    const name = unique("Study");
    const result = await api<{ id: string; name: string }>("/api/v1/studies", { method: "POST", token: admin.token, json: { name } });
    expect(result.status).toBe(201);
    expect(result.body).toEqual({ id: expect.any(String) as string, name });
    const stored = await prisma.study.findUniqueOrThrow({ where: { id: result.body.id } });
    expect(stored).toMatchObject({ name, createdById: admin.user.id, lockedAt: null });
    const audit = await prisma.auditLog.findFirst({ where: { entityId: result.body.id, action: "study.create" } });
    expect(audit?.actorId).toBe(admin.user.id);
  });

  it("answers 401 without a token, with a malformed header, or an unknown token", async () => {
    const before = await prisma.study.count();
    expectError(await api("/api/v1/studies", { method: "POST", json: { name: unique("x") } }), 401, "unauthorized");
    expectError(await api("/api/v1/studies", { method: "POST", authorization: "Token abc", json: { name: unique("x") } }), 401, "unauthorized");
    expectError(await api("/api/v1/studies", { method: "POST", token: "tdm_unknown", json: { name: unique("x") } }), 401, "unauthorized");
    expect(await prisma.study.count()).toBe(before);
  });

  it("answers 401 for a revoked token", async () => {
    const someone = await userWithToken("admin");
    await revokeApiToken(someone.tokenId);
    expectError(await api("/api/v1/studies", { method: "POST", token: someone.token, json: { name: unique("x") } }), 401, "unauthorized");
  });

  it("answers 403 to a rater's or a researcher's token and writes nothing", async () => {
    const before = await prisma.study.count();
    expectError(await api("/api/v1/studies", { method: "POST", token: rater.token, json: { name: unique("x") } }), 403, "forbidden");
    expectError(await api("/api/v1/studies", { method: "POST", token: researcher.token, json: { name: unique("x") } }), 403, "forbidden");
    expect(await prisma.study.count()).toBe(before);
  });

  it("answers 422 naming the field when the body is wrong", async () => {
    const missing = expectError(await api("/api/v1/studies", { method: "POST", token: admin.token, json: { title: "x" } }), 422, "invalid");
    expect(missing.details).toEqual([{ field: "name", message: expect.stringContaining("name") as string }]);
    const blank = expectError(await api("/api/v1/studies", { method: "POST", token: admin.token, json: { name: "   " } }), 422, "invalid");
    expect(blank.details[0]?.field).toBe("name");
    const wrongType = expectError(await api("/api/v1/studies", { method: "POST", token: admin.token, json: [1, 2] }), 422, "invalid");
    expect(wrongType.details.length).toBeGreaterThan(0);
  });

  it("answers 400 to a body that is not JSON, and 413 to one over the limit", async () => {
    const broken = expectError(await api("/api/v1/studies", { method: "POST", token: admin.token, body: '{"name": "x' }), 400, "bad_request");
    expect(broken.message).toMatch(/not valid JSON/);
    expectError(await api("/api/v1/studies", { method: "POST", token: admin.token, body: "" }), 400, "bad_request");
    const huge = JSON.stringify({ name: "x", description: "a".repeat(1024 * 1024 + 1) });
    expectError(await api("/api/v1/studies", { method: "POST", token: admin.token, body: huge }), 413, "payload_too_large");
  });

  it("answers 409 to a name that is taken", async () => {
    const name = unique("Taken");
    expect((await api("/api/v1/studies", { method: "POST", token: admin.token, json: { name } })).status).toBe(201);
    const error = expectError(await api("/api/v1/studies", { method: "POST", token: admin.token, json: { name } }), 409, "conflict");
    expect(error.details).toEqual([{ field: "name", message: expect.any(String) as string }]);
    expect(await prisma.study.count({ where: { name } })).toBe(1);
  });
});

describe("GET /api/v1/studies", () => {
  it("lists studies for researchers and admins", async () => {
    const name = unique("Listed");
    await api("/api/v1/studies", { method: "POST", token: admin.token, json: { name } });
    for (const who of [researcher, admin]) {
      const result = await api<{ studies: { name: string; locked: boolean; responses: number }[] }>("/api/v1/studies", { token: who.token });
      expect(result.status).toBe(200);
      expect(result.body.studies.find((s) => s.name === name)).toMatchObject({ locked: false, responses: 0 });
    }
  });

  it("is refused to raters (403) and to anonymous callers (401)", async () => {
    expectError(await api("/api/v1/studies", { token: rater.token }), 403, "forbidden");
    expectError(await api("/api/v1/studies"), 401, "unauthorized");
  });
});

describe("unknown API routes", () => {
  it("answer 404 in the API's JSON error shape", async () => {
    const result = await api("/api/v1/no-such-thing", { token: admin.token });
    expect(result.contentType).toContain("application/json");
    expectError(result, 404, "not_found");
  });
});
