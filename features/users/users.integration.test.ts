import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { hashApiToken } from "@/lib/auth/api-token";
import { AppError } from "@/lib/errors";
import { unique } from "@/tests/integration/helpers";
import { authenticateWithPassword, findUserByApiToken } from "@/lib/auth/identity";
import { newTokenSchema, newUserSchema } from "./schemas";
import { createApiToken, createUser, revokeApiToken } from "./service";

const password = "correct horse battery";

describe("users", () => {
  it("are stored with a lower-cased email and a password hash, never the password", async () => {
    const email = `${unique("Mixed")}@Test.Tandem`;
    const user = await createUser(newUserSchema.parse({ email, name: "Ann", role: "researcher", password }));
    expect(user.email).toBe(email.toLowerCase());
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).not.toContain(password);
    expect(row.passwordHash).toMatch(/^\$2[aby]\$/);
    const audit = await prisma.auditLog.findFirst({ where: { entityId: user.id, action: "user.create" } });
    expect(audit?.data).toMatchObject({ email: user.email, role: "researcher" });
  });

  it("refuse a second account with the same email, whatever its case", async () => {
    const email = `${unique("dup")}@test.tandem`;
    await createUser(newUserSchema.parse({ email, name: "A", role: "admin", password }));
    const error = await createUser(newUserSchema.parse({ email: email.toUpperCase(), name: "B", role: "rater", password })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(409);
  });

  it("who are raters get a physician rater record", async () => {
    const user = await createUser(newUserSchema.parse({ email: `${unique("r")}@test.tandem`, name: "Dr R", role: "rater", password }));
    const rater = await prisma.rater.findUnique({ where: { userId: user.id } });
    expect(rater).toMatchObject({ kind: "physician", name: "Dr R", studyId: null });
  });

  it("sign in with the right password only, and not once deactivated", async () => {
    const email = `${unique("signin")}@test.tandem`;
    const user = await createUser(newUserSchema.parse({ email, name: "S", role: "rater", password }));
    expect(await authenticateWithPassword(email.toUpperCase(), password)).toMatchObject({ id: user.id, role: "rater" });
    expect(await authenticateWithPassword(email, "wrong password")).toBeNull();
    expect(await authenticateWithPassword(`nobody-${email}`, password)).toBeNull();
    await prisma.user.update({ where: { id: user.id }, data: { active: false } });
    expect(await authenticateWithPassword(email, password)).toBeNull();
  });
});

describe("API tokens", () => {
  it("are stored hashed, identify their owner until revoked, and are audited", async () => {
    const email = `${unique("tok")}@test.tandem`;
    const owner = await createUser(newUserSchema.parse({ email, name: "T", role: "researcher", password }));
    const { id, token, prefix } = await createApiToken(newTokenSchema.parse({ email, label: "pipeline" }));
    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).toBe(hashApiToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.prefix).toBe(prefix);

    expect(await findUserByApiToken(token)).toEqual(owner);
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).not.toBeNull();
    expect(await findUserByApiToken(`${token}x`)).toBeNull();

    await revokeApiToken(id);
    expect(await findUserByApiToken(token)).toBeNull();
    await expect(revokeApiToken(id)).rejects.toMatchObject({ status: 404 });
    const actions = await prisma.auditLog.findMany({ where: { entityId: id }, orderBy: { id: "asc" } });
    expect(actions.map((a) => a.action)).toEqual(["api_token.create", "api_token.revoke"]);
  });

  it("stop working when their owner is deactivated", async () => {
    const email = `${unique("tok")}@test.tandem`;
    const owner = await createUser(newUserSchema.parse({ email, name: "T", role: "admin", password }));
    const { token } = await createApiToken(newTokenSchema.parse({ email }));
    await prisma.user.update({ where: { id: owner.id }, data: { active: false } });
    expect(await findUserByApiToken(token)).toBeNull();
  });

  it("cannot be made for an unknown user", async () => {
    await expect(createApiToken(newTokenSchema.parse({ email: "nobody@test.tandem" }))).rejects.toMatchObject({ status: 404 });
  });
});
