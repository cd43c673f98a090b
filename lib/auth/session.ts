import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { env } from "@/lib/env";
import { authOptionsFor } from "./options";
import { usesSecureCookies } from "./secure-cookies";
import { type SessionUser } from "./identity";
import { findUserBySession } from "./sessions";
import { hasRole, type Role } from "@/lib/roles";

/**
 * The one place that reads the session. The cookie only names a session; it
 * counts while that session is unrevoked (sign-out revokes it), younger than
 * a session's lifetime, and its user active; the role is read fresh from the
 * database, so a deactivation or a new role takes effect on the next request.
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const sessionId = await sessionIdFromCookie();
  return sessionId === null ? null : findUserBySession(sessionId);
});

/**
 * The session id in the request's session cookie: the cookie decrypted and
 * its expiry checked, as next-auth's getServerSession does, without the rest
 * of its session handler (whose renewed cookie a page or route handler
 * cannot send anyway). Only the cookie is read, never an Authorization header.
 */
async function sessionIdFromCookie(): Promise<string | null> {
  const requestHeaders = await headers();
  const { NEXTAUTH_SECRET } = env();
  if (!NEXTAUTH_SECRET) {
    // Without a configured secret next-auth derives its own (development only): let it read the cookie.
    const session: { sessionId?: unknown } | null = await getServerSession(authOptionsFor(requestHeaders));
    return typeof session?.sessionId === "string" ? session.sessionId : null;
  }
  const secureCookie = usesSecureCookies(requestHeaders, { publicUrl: env().NEXTAUTH_URL, trustProxy: env().TRUST_PROXY });
  const cookieJar = Object.fromEntries((await cookies()).getAll().map((c) => [c.name, c.value]));
  // getToken reads `cookies` (and `headers` only for an Authorization header, here none) of any request shape.
  const req = { cookies: cookieJar, headers: {} } as unknown as Parameters<typeof getToken>[0]["req"];
  const token = await getToken({ req, secret: NEXTAUTH_SECRET, secureCookie });
  return typeof token?.sid === "string" ? token.sid : null;
}

/** Where a user whose password was reset chooses a new one; no other page opens until then. */
export const CHANGE_PASSWORD_PATH = "/account/password";

/** The message of a refused request or action while the new password is still to be chosen. */
export const PASSWORD_CHANGE_DUE = "Choose a new password first (your password was reset).";

/**
 * For pages: the signed-in user with one of `roles`; else sign-in or the 403
 * page. A user whose password was reset is sent to choose a new one.
 */
export async function requireRole(roles: readonly Role[]): Promise<SessionUser> {
  const user = await requireSignedIn();
  if (user.mustChangePassword) redirect(CHANGE_PASSWORD_PATH);
  if (!hasRole(user.role, roles)) forbidden();
  return user;
}

/** For the change-password page only: anyone signed in, whether or not a new password is due. */
export async function requireSignedIn(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return user;
}
