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
  .superRefine((user, ctx) => {
    if (passwordMatchesEmail(user.password, user.email)) ctx.addIssue({ code: "custom", path: ["password"], message: PASSWORD_IS_EMAIL });
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
