import { z } from "zod";
import { PASSWORD_IS_EMAIL, passwordMatchesEmail, passwordProblem } from "@/lib/auth/password-rule";
import { ROLES } from "@/lib/roles";

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
    name: z.string().trim().min(1, "Enter a name.").max(200),
    role: z.enum(ROLES, { error: `Role must be one of: ${ROLES.join(", ")}.` }),
    password: passwordSchema,
  })
  .superRefine((user, ctx) => {
    if (passwordMatchesEmail(user.password, user.email)) ctx.addIssue({ code: "custom", path: ["password"], message: PASSWORD_IS_EMAIL });
  });
export type NewUser = z.input<typeof newUserSchema>;

export const newTokenSchema = z.object({
  email: emailSchema,
  label: z.string().trim().max(100).default(""),
});
