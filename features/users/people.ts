import "server-only";
import { recordAudit } from "@/lib/audit";
import { PASSWORD_IS_EMAIL, passwordMatchesEmail } from "@/lib/auth/password-rule";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { endSessionsOf } from "@/lib/auth/sessions";
import { accountKey } from "@/lib/auth/sign-in-throttle";
import type { Role } from "@/lib/db/generated/enums";
import { prisma, type Prisma } from "@/lib/db/prisma";
import { conflict, invalid, notFound } from "@/lib/errors";
import type { PasswordChange, UserChange } from "./schemas";
import { temporaryPassword } from "./temporary-password";

/** A user as the people API and page show them. */
export interface Person {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
}

const personFields = { id: true, email: true, name: true, role: true, active: true } as const;

/** Everyone, admins first, then by email. */
export function listPeople(): Promise<Person[]> {
  return prisma.user.findMany({ orderBy: [{ role: "asc" }, { email: "asc" }], select: personFields });
}

/** The id of the user with this email (any case), or a 404 naming it. */
export async function userIdByEmail(email: string): Promise<string> {
  const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } });
  if (!user) throw notFound(`The user ${email}`);
  return user.id;
}

interface LockedUser {
  id: string;
  role: Role;
  active: boolean;
}

/**
 * Changes whether a user may sign in, their role, or both, and audits the
 * change (before and after). Refused (409), changing nothing: deactivating or
 * demoting yourself, and deactivating or demoting the last active admin. The
 * target and every active admin are row-locked first, in one order, so two
 * admins demoting each other at once cannot both succeed (FOR NO KEY UPDATE:
 * rows that only point at a user, written meanwhile, do not wait for it).
 *
 * A deactivated user's sessions and API tokens are refused from their next
 * request (lib/auth checks `active` on every one) and work again after a
 * reactivation; their ratings stay and, in open studies, their holds are
 * released. `actorId` is null from the command line.
 */
export async function updateUser(id: string, change: UserChange, actorId: string | null): Promise<Person> {
  return prisma.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<LockedUser[]>`
      SELECT id, role, active FROM users WHERE id = ${id}::uuid OR (role = 'admin' AND active) ORDER BY id FOR NO KEY UPDATE`;
    const before = locked.find((u) => u.id === id);
    if (!before) throw notFound("The user");
    const after = { role: change.role ?? before.role, active: change.active ?? before.active };
    const stopsBeingAdmin = before.role === "admin" && before.active && !(after.role === "admin" && after.active);
    if (stopsBeingAdmin) {
      const field = after.active ? "role" : "active";
      const what = after.active ? "demote" : "deactivate";
      if (id === actorId) throw conflict(`You cannot ${what} yourself; ask another admin.`, [{ field, message: `You cannot ${what} yourself.` }]);
      const activeAdmins = locked.filter((u) => u.role === "admin" && u.active).length;
      if (activeAdmins <= 1) {
        throw conflict(`This is the last active admin: make another user an admin before you ${what} them.`, [
          { field, message: "The last active admin cannot lose the role or be deactivated." },
        ]);
      }
    }
    if (after.role === before.role && after.active === before.active) return tx.user.findUniqueOrThrow({ where: { id }, select: personFields });

    const updated = await tx.user.update({ where: { id }, data: after, select: personFields });
    // A rater rates through their physician rater record, as createUser gives one.
    if (after.role === "rater") await tx.rater.upsert({ where: { userId: id }, update: {}, create: { kind: "physician", userId: id, name: updated.name } });
    // Someone who stops being an active rater gives their holds back to the pools at once, rather
    // than when the leases run out; holds in a locked study wait for it to reopen.
    const stopsRating = before.active && before.role === "rater" && !(after.active && after.role === "rater");
    const released = stopsRating
      ? await tx.assignment.updateMany({ where: { userId: id, status: "active", queueItem: { queue: { study: { lockedAt: null } } } }, data: { status: "expired" } })
      : null;
    await recordAudit(tx, {
      actorId,
      action: "user.update",
      entityType: "user",
      entityId: id,
      data: { email: updated.email, before: { role: before.role, active: before.active }, after, ...(released && { releasedHolds: released.count }) },
    });
    return updated;
  });
}

/**
 * Gives a user a new one-time password, returned this once and stored only
 * hashed; they must choose their own at their next sign-in. Their sessions
 * end (whoever knew the old password is signed out) and the failed sign-ins
 * counted against the account are forgotten, so the temporary password works
 * at once. API tokens are untouched: they are revoked on their own.
 */
export async function resetPassword(id: string, actorId: string | null): Promise<{ temporaryPassword: string }> {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id }, select: { email: true } });
    if (!user) throw notFound("The user");
    await tx.user.update({ where: { id }, data: { passwordHash, mustChangePassword: true } });
    const sessionsEnded = await endSessionsOf(id, tx);
    await tx.signInThrottle.deleteMany({ where: { scope: "account", key: accountKey(user.email) } });
    await recordAudit(tx, { actorId, action: "user.password_reset", entityType: "user", entityId: id, data: { email: user.email, sessionsEnded } });
  });
  return { temporaryPassword: password };
}

/**
 * A user sets their own password, proving the current (or temporary) one.
 * It ends every session of theirs, this one too: they sign in again with the
 * new password. Clears the must-change flag.
 */
export async function changeOwnPassword(userId: string, change: PasswordChange): Promise<void> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true } });
  if (!user) throw notFound("The user");
  if (!(await verifyPassword(change.currentPassword, user.passwordHash))) {
    throw invalid("The current password is not right.", [{ field: "currentPassword", message: "This is not your current password." }]);
  }
  if (passwordMatchesEmail(change.newPassword, user.email)) throw invalid(PASSWORD_IS_EMAIL, [{ field: "newPassword", message: PASSWORD_IS_EMAIL }]);
  const passwordHash = await hashPassword(change.newPassword);
  await prisma.$transaction(async (tx: Prisma.TransactionClient) => {
    // Only if no one changed it meanwhile (a reset, another tab): the proof was for this hash.
    const { count } = await tx.user.updateMany({ where: { id: userId, passwordHash: user.passwordHash }, data: { passwordHash, mustChangePassword: false } });
    if (count === 0) throw conflict("Your password was changed meanwhile; sign in again.");
    await endSessionsOf(userId, tx);
    await recordAudit(tx, { actorId: userId, action: "user.password_change", entityType: "user", entityId: userId, data: { email: user.email } });
  });
}
