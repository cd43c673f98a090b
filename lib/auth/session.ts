import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { authOptionsFor } from "./options";
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
  const session: { sessionId?: unknown } | null = await getServerSession(authOptionsFor(await headers()));
  return typeof session?.sessionId === "string" ? findUserBySession(session.sessionId) : null;
});

/** For pages: the signed-in user with one of `roles`; else sign-in or the 403 page. */
export async function requireRole(roles: readonly Role[]): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  if (!hasRole(user.role, roles)) forbidden();
  return user;
}
