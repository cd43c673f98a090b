import { randomInt } from "node:crypto";

// Crockford base32 without look-alikes (no I, L, O, U): easy to read aloud or type.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * An opaque random code for an answer, the only identifier a rater sees:
 * `R-XXXX-XXXX-XXXX`, 60 random bits, so a million answers collide with
 * odds below one in a million (the unique index would refuse it anyway).
 * It says nothing about the model, the repetition or the order of import.
 */
export function newBlindCode(): string {
  let body = "";
  for (let i = 0; i < 12; i++) body += ALPHABET.charAt(randomInt(ALPHABET.length));
  return `R-${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8)}`;
}
