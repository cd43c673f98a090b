// The password rule, shared by the admin form, the server and the command
// line. Pure code, so the form can show the same text the server enforces.
import { COMMON_PASSWORDS } from "./common-passwords";

export const MIN_PASSWORD_LENGTH = 10;
/** bcrypt reads only the first 72 bytes of a password and silently ignores the rest. */
export const MAX_PASSWORD_BYTES = 72;

/** The rule in words, shown where a password is set. */
export const PASSWORD_RULE =
  `At least ${MIN_PASSWORD_LENGTH} characters and at most ${MAX_PASSWORD_BYTES} bytes ` +
  "(a letter with an accent counts 2, an emoji 4); not a well-known password, " +
  "and not the account's email address or the part of it before the @.";

/** What is wrong with a password on its own (length, a well-known one), or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`;
  const bytes = new TextEncoder().encode(password).length;
  if (bytes > MAX_PASSWORD_BYTES) {
    return `The password may be at most ${MAX_PASSWORD_BYTES} bytes (a letter with an accent counts 2, an emoji 4); this one has ${bytes}.`;
  }
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return "This is one of the best-known passwords; choose another.";
  return null;
}

export const PASSWORD_IS_EMAIL = "The password must not be the email address or the part of it before the @.";

/** True when the password is the account's email address or its local part, whatever the case. */
export function passwordMatchesEmail(password: string, email: string): boolean {
  const candidate = password.trim().toLowerCase();
  const address = email.trim().toLowerCase();
  const localPart = address.slice(0, Math.max(address.lastIndexOf("@"), 0));
  return candidate === address || (localPart !== "" && candidate === localPart);
}
