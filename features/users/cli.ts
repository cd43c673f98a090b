// The people commands of the command line (scripts/cli.ts dispatches to them).
// They act as no one (the audit log's actor is empty): the rules on the last
// active admin hold here too.
import { z } from "zod";
import { Role } from "@/lib/db/generated/enums";
import { oneOf } from "@/lib/enum-schema";
import { resetPassword, updateUser, userIdByEmail } from "./people";
import { emailSchema } from "./schemas";

/** The command line's options, as parsed; each command validates the ones it needs. */
export interface CliOptions {
  email?: string | undefined;
  role?: string | undefined;
}

const emailOption = z.object({ email: emailSchema });
const roleOptions = z.object({ email: emailSchema, role: oneOf("Role", Role) });

/** deactivate-user / activate-user --email E */
export async function setActiveCommand(options: CliOptions, active: boolean): Promise<string> {
  const { email } = emailOption.parse({ email: options.email ?? "" });
  const person = await updateUser(await userIdByEmail(email), { active }, null);
  return active ? `${person.email} is active.` : `${person.email} is deactivated: their sessions and API tokens are refused until reactivated.`;
}

/** set-role --email E --role R */
export async function setRoleCommand(options: CliOptions): Promise<string> {
  const { email, role } = roleOptions.parse({ email: options.email ?? "", role: options.role ?? "" });
  const person = await updateUser(await userIdByEmail(email), { role }, null);
  return `${person.email} is now ${person.role}.`;
}

/** reset-password --email E: prints the temporary password, once. */
export async function resetPasswordCommand(options: CliOptions): Promise<string> {
  const { email } = emailOption.parse({ email: options.email ?? "" });
  const { temporaryPassword } = await resetPassword(await userIdByEmail(email), null);
  return `Temporary password for ${email}; it is shown only this once, and they must choose a new password when they sign in with it:\n${temporaryPassword}`;
}
