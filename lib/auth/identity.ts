import "server-only";
import { preparedQuery, prisma } from "@/lib/db/prisma";
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

/** A signed-in user as the hot-path statements below return them (column names as in the database). */
export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  must_change_password: boolean;
}

export const USER_ROW_COLUMNS = "u.id, u.email, u.name, u.role, u.must_change_password";

export const sessionUserOf = (row: UserRow): SessionUser => ({ id: row.id, email: row.email, name: row.name, role: row.role, mustChangePassword: row.must_change_password });

/** "Last used" and "last seen" are kept to the minute: a write on every request would cost more than it tells. */
export const isStale = (at: Date | null) => at === null || at.getTime() < Date.now() - 60_000;

/**
 * The active owner of an unrevoked API token, or null. One statement per
 * request (read on every request, so never cached: a revocation or a
 * deactivation holds from the next request on); the write of "last used" only
 * when it is a minute old.
 */
export async function findUserByApiToken(token: string): Promise<SessionUser | null> {
  const [found] = await preparedQuery<UserRow & { token_id: string; last_used_at: Date | null }>(
    "tandem_api_token_user",
    `SELECT t.id AS token_id, t.last_used_at, ${USER_ROW_COLUMNS}
       FROM api_tokens t JOIN users u ON u.id = t.user_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active`,
    [hashApiToken(token)],
  );
  if (!found) return null;
  if (isStale(found.last_used_at)) {
    const aMinuteAgo = new Date(Date.now() - 60_000);
    await prisma.apiToken.updateMany({
      where: { id: found.token_id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: aMinuteAgo } }] },
      data: { lastUsedAt: new Date() },
    });
  }
  return sessionUserOf(found);
}
