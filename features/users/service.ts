import "server-only";
import { prisma, Prisma } from "@/lib/db/prisma";
import { recordAudit } from "@/lib/audit";
import { generateApiToken } from "@/lib/auth/api-token";
import { sessionUserFields, type SessionUser } from "@/lib/auth/identity";
import { hashPassword } from "@/lib/auth/password";
import { conflict, notFound } from "@/lib/errors";
import type { NewToken, NewUser } from "./schemas";

/** Creates a user from input validated with newUserSchema (a rater also gets a physician rater record). */
export async function createUser(data: NewUser, actorId: string | null = null): Promise<SessionUser> {
  const passwordHash = await hashPassword(data.password);
  try {
    return await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: data.email, name: data.name, role: data.role, passwordHash },
        select: sessionUserFields,
      });
      if (user.role === "rater") {
        await tx.rater.create({ data: { kind: "physician", userId: user.id, name: user.name } });
      }
      await recordAudit(tx, {
        actorId,
        action: "user.create",
        entityType: "user",
        entityId: user.id,
        data: { email: user.email, role: user.role },
      });
      return user;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw conflict(`A user with the email ${data.email} already exists.`, [
        { field: "email", message: "This email is already taken." },
      ]);
    }
    throw error;
  }
}

/** Creates an API token for a user (input validated with newTokenSchema); the plain token is returned this once only. */
export async function createApiToken(
  { email, label }: NewToken,
  actorId: string | null = null,
): Promise<{ id: string; token: string; prefix: string }> {
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true } });
  if (!user) throw notFound(`The user ${email}`);
  const { token, tokenHash, prefix } = generateApiToken();
  const created = await prisma.$transaction(async (tx) => {
    const row = await tx.apiToken.create({ data: { userId: user.id, label, tokenHash, prefix } });
    await recordAudit(tx, {
      actorId,
      action: "api_token.create",
      entityType: "api_token",
      entityId: row.id,
      data: { userId: user.id, label, prefix },
    });
    return row;
  });
  return { id: created.id, token, prefix };
}

export async function revokeApiToken(id: string, actorId: string | null = null): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const updated = await tx.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (updated.count === 0) throw notFound("An unrevoked API token with this id");
    await recordAudit(tx, { actorId, action: "api_token.revoke", entityType: "api_token", entityId: id });
  });
}

export function listApiTokens() {
  return prisma.apiToken.findMany({
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      label: true,
      prefix: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
      user: { select: { email: true, role: true } },
    },
  });
}
