import "server-only";
import { preparedQuery, prisma, type Prisma } from "@/lib/db/prisma";
import { isUuid } from "@/lib/ids";
import { isStale, sessionUserOf, USER_ROW_COLUMNS, type SessionUser, type UserRow } from "./identity";

/** How long a session lasts after sign-in, in the cookie and on the server. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** A new session for a user who has just signed in; its id goes into the session cookie. */
export async function createSession(userId: string): Promise<string> {
  const session = await prisma.session.create({ data: { userId }, select: { id: true } });
  return session.id;
}

/**
 * The active user of an unrevoked session opened less than the session's
 * lifetime ago, or null. The age is checked here, not only in the cookie:
 * next-auth re-issues the cookie with a fresh expiry whenever it is read, so
 * without this a stolen cookie kept in use would never expire.
 */
export async function findUserBySession(sessionId: string): Promise<SessionUser | null> {
  if (!isUuid(sessionId)) return null;
  const openedAfter = new Date(Date.now() - SESSION_MAX_AGE_SECONDS * 1000);
  // One statement per request, never cached: a sign-out, a password reset or a deactivation holds from the next request on.
  const [found] = await preparedQuery<UserRow & { last_seen_at: Date }>(
    "tandem_session_user",
    `SELECT s.last_seen_at, ${USER_ROW_COLUMNS}
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id = $1 AND s.revoked_at IS NULL AND s.created_at > $2 AND u.active`,
    [sessionId, openedAfter],
  );
  if (!found) return null;
  // "Last seen" to the minute, as for API tokens: written only when a minute old.
  if (isStale(found.last_seen_at)) {
    const aMinuteAgo = new Date(Date.now() - 60_000);
    await prisma.session.updateMany({ where: { id: sessionId, lastSeenAt: { lt: aMinuteAgo } }, data: { lastSeenAt: new Date() } });
  }
  return sessionUserOf(found);
}

/** Ends one session (sign-out). */
export async function revokeSession(sessionId: string): Promise<void> {
  if (!isUuid(sessionId)) return;
  await prisma.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/**
 * Ends every session of a user: call it when their password changes or is
 * reset, so a session opened before stops on its next request. (A
 * deactivation needs no call: a session counts only while its user is active,
 * so it stops at once and comes back with a reactivation.) Pass the
 * transaction that makes the change, so both happen or neither.
 */
export async function endSessionsOf(userId: string, db: Prisma.TransactionClient = prisma): Promise<number> {
  const { count } = await db.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}
