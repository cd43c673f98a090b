import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { authOptions } from "./options";
import { findActiveUserById, type SessionUser } from "./identity";
import { hasRole, type Role } from "@/lib/roles";

/**
 * The one place that reads the session. The cookie only says who signed in;
 * the role and the active flag are read fresh from the database, so a
 * deactivated or re-roled user loses access at once.
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session: { userId?: string } | null = await getServerSession(authOptions);
  return session?.userId ? findActiveUserById(session.userId) : null;
});

/** For pages: the signed-in user with one of `roles`; else sign-in or the 403 page. */
export async function requireRole(roles: readonly Role[]): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  if (!hasRole(user.role, roles)) forbidden();
  return user;
}
