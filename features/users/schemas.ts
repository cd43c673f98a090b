import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { Role } from "@/lib/db/generated/enums";
import { oneOf } from "@/lib/enum-schema";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid email address." }));

export const newUserSchema = z.object({
  email: emailSchema,
  name: z.string({ error: "Enter a name." }).trim().min(1, "Enter a name.").max(200, "The name must be at most 200 characters."),
  role: oneOf("Role", Role),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`)
    .max(200, "The password must be at most 200 characters."),
});
export type NewUser = z.input<typeof newUserSchema>;

export const newTokenSchema = z.object({
  email: emailSchema,
  label: z.string().trim().max(100, "The label must be at most 100 characters.").default(""),
});

/** Which API token to revoke: its id. */
export const revokeTokenSchema = z.object({ id: z.uuid({ error: "No API token has this id." }) });
