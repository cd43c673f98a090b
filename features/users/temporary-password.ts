import { randomInt } from "node:crypto";

// No 0/o, 1/l/i: the password is read off a screen and typed by someone else.
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const GROUPS = 4;
const GROUP_LENGTH = 4;

/**
 * A one-time password an admin hands to a user after a reset: 16 characters
 * drawn uniformly from 31 (about 79 bits), in groups of four, e.g.
 * "k7mq-3xtp-9avd-r2hn". It keeps the password rule, and it is good for one
 * sign-in only in effect: the user must choose a new password before anything else.
 */
export function temporaryPassword(): string {
  const groups = Array.from({ length: GROUPS }, () =>
    Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(""),
  );
  return groups.join("-");
}
