import { z } from "zod";
import { PASSWORD_IS_EMAIL, passwordMatchesEmail, passwordProblem } from "@/lib/auth/password-rule";
import { Role } from "@/lib/db/generated/enums";
import { oneOf } from "@/lib/enum-schema";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid email address." }));

/** A new password on its own (lib/auth/password-rule.ts); whether it is the email is checked with the email. */
export const passwordSchema = z.string().superRefine((password, ctx) => {
  const problem = passwordProblem(password);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const newUserSchema = z
  .object({
    email: emailSchema,
    name: z.string({ error: "Enter a name." }).trim().min(1, "Enter a name.").max(200, "The name must be at most 200 characters."),
    role: oneOf("Role", Role),
    password: passwordSchema,
  })
  // Checked even when another field is wrong, so a form shows every problem at once.
  .refine((user) => !passwordMatchesEmail(user.password, user.email), {
    path: ["password"],
    message: PASSWORD_IS_EMAIL,
    when: ({ value }) => {
      const given = value as { email?: unknown; password?: unknown };
      return typeof given.email === "string" && typeof given.password === "string";
    },
  });
/** A validated new user (newUserSchema applied: email lower-cased, password checked against the rule). */
export type NewUser = z.output<typeof newUserSchema>;

export const newTokenSchema = z.object({
  email: emailSchema,
  label: z.string().trim().max(100, "The label must be at most 100 characters.").default(""),
});
/** A validated token request. */
export type NewToken = z.output<typeof newTokenSchema>;

/** Which API token to revoke: its id. */
export const revokeTokenSchema = z.object({ id: z.uuid({ error: "No API token has this id." }) });

const userId = z.uuid({ error: "No user has this id." });

/**
 * A change to a user (PATCH /api/v1/users/{id}): whether they may sign in,
 * their role, or both. Unknown fields are refused by name.
 */
export const userChangeSchema = z
  .strictObject({
    active: z.boolean({ error: "active must be true or false." }).optional(),
    role: oneOf("role", Role).optional(),
  })
  .refine((change) => change.active !== undefined || change.role !== undefined, { message: "Send active, role or both." });
/** A validated change: at least one of active and role. */
export type UserChange = z.output<typeof userChangeSchema>;

/** The admin page's forms: a new role, deactivate or reactivate, reset the password. */
export const setRoleSchema = z.object({ id: userId, role: oneOf("role", Role) });
export const setActiveSchema = z.object({
  id: userId,
  active: z.enum(["true", "false"], { error: "active must be true or false." }).transform((value) => value === "true"),
});
export const resetPasswordSchema = z.object({ id: userId });

/** A user choosing their own new password; that it is not their email is checked with the account. */
export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current (or temporary) password."),
    newPassword: passwordSchema,
    repeatPassword: z.string(),
  })
  .superRefine((form, ctx) => {
    if (form.repeatPassword !== form.newPassword) ctx.addIssue({ code: "custom", path: ["repeatPassword"], message: "The two new passwords differ." });
    if (form.newPassword === form.currentPassword) ctx.addIssue({ code: "custom", path: ["newPassword"], message: "Choose a password different from the current one." });
  });
export type PasswordChange = z.output<typeof changePasswordSchema>;
