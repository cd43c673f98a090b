import { randomFillSync } from "node:crypto";

// Crockford base32 without look-alikes (no I, L, O, U): easy to read aloud or type.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CHARACTERS = 12;

// Random bytes are drawn a block at a time (an import makes 100,000 codes): one system call per 4,096 codes.
const POOL_CODES = 4096;
const pool = Buffer.alloc(POOL_CODES * CHARACTERS);
let poolIndex = POOL_CODES;

/**
 * An opaque random code for an answer, the only identifier a rater sees:
 * `R-XXXX-XXXX-XXXX`, 60 random bits, so a million answers collide with
 * odds below one in a million (the unique index would refuse it anyway).
 * It says nothing about the model, the repetition or the order of import.
 * Each character is 5 bits of a random byte: 32 divides 256, so every
 * character of the alphabet is equally likely.
 */
export function newBlindCode(): string {
  if (poolIndex === POOL_CODES) {
    randomFillSync(pool);
    poolIndex = 0;
  }
  const at = poolIndex++ * CHARACTERS;
  let code = "R-";
  for (let i = 0; i < CHARACTERS; i++) {
    if (i === 4 || i === 8) code += "-";
    code += ALPHABET.charAt((pool[at + i] ?? 0) & 31);
  }
  return code;
}
