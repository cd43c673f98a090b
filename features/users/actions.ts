"use server";

import { revalidatePath } from "next/cache";
import { formAction } from "@/lib/actions";
import { AREA_ROLES } from "@/lib/roles";
import { changeOwnPassword, resetPassword, updateUser } from "./people";
import { changePasswordSchema, resetPasswordSchema, setActiveSchema, setRoleSchema } from "./schemas";

const roles = AREA_ROLES.administration;
const EVERYONE = ["admin", "researcher", "rater"] as const;

export const setRoleAction = formAction(
  { roles, input: setRoleSchema, success: (u: { email: string; role: string }) => `${u.email} is now ${u.role === "admin" ? "an" : "a"} ${u.role}.` },
  async ({ id, role }, user) => {
    const updated = await updateUser(id, { role }, user.id);
    revalidatePath("/admin/users");
    return updated;
  },
);

export const setActiveAction = formAction(
  { roles, input: setActiveSchema, success: (u: { email: string; active: boolean }) => `${u.email} is ${u.active ? "reactivated" : "deactivated"}.` },
  async ({ id, active }, user) => {
    const updated = await updateUser(id, { active }, user.id);
    revalidatePath("/admin/users");
    return updated;
  },
);

export const resetPasswordAction = formAction(
  { roles, input: resetPasswordSchema, success: () => "Password reset. Give the user this temporary password; it is not shown again." },
  ({ id }, user) => resetPassword(id, user.id),
);

export const changePasswordAction = formAction(
  { roles: EVERYONE, input: changePasswordSchema, whilePasswordChangeDue: true, success: () => "Password changed. Sign in again with your new password." },
  async (change, user) => {
    await changeOwnPassword(user.id, change);
    return null;
  },
);
