import "server-only";
import { prisma } from "@/lib/db/prisma";
import { hashApiToken } from "@/lib/auth/api-token";
import { verifyPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/roles";

/** Who is making a request, as every page, action and route sees it. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Set after an admin reset the password: a session then opens only /account/password (API tokens still work). */
  mustChangePassword: boolean;
}

export const sessionUserFields = { id: true, email: true, name: true, role: true, mustChangePassword: true } as const;

// Compared against when the email is unknown, so a failed sign-in takes as
// long whether or not the account exists.
const UNKNOWN_USER_HASH = "$2b$12$f0luEa0zf1yGF5CMx5DVsuPrcijB/gtoiAG5OAdFBErrHqG3u/T6a";

/** The active user with this email and password, or null. */
export async function authenticateWithPassword(email: string, password: string): Promise<SessionUser | null> {
  const user = await prisma.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { ...sessionUserFields, passwordHash: true, active: true },
  });
  const matches = await verifyPassword(password, user?.passwordHash ?? UNKNOWN_USER_HASH);
  if (!user || !matches || !user.active) return null;
  const { passwordHash: _hash, active: _active, ...signedIn } = user;
  return signedIn;
}

/** The active owner of an unrevoked API token, or null. */
export async function findUserByApiToken(token: string): Promise<SessionUser | null> {
  const found = await prisma.apiToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
    select: { id: true, revokedAt: true, user: { select: { ...sessionUserFields, active: true } } },
  });
  if (!found || found.revokedAt || !found.user.active) return null;
  // "Last used" to the minute: a write on every API call would cost more than it tells.
  const aMinuteAgo = new Date(Date.now() - 60_000);
  await prisma.apiToken.updateMany({
    where: { id: found.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: aMinuteAgo } }] },
    data: { lastUsedAt: new Date() },
  });
  const { active: _active, ...user } = found.user;
  return user;
}
