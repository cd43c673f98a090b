import { createHash, randomBytes } from "node:crypto";

const TOKEN_PREFIX = "tdm_";
const SHOWN_PREFIX_LENGTH = TOKEN_PREFIX.length + 6;

/** A new API token: 32 random bytes, shown to its owner once and stored only hashed. */
export function generateApiToken(): { token: string; tokenHash: string; prefix: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return { token, tokenHash: hashApiToken(token), prefix: token.slice(0, SHOWN_PREFIX_LENGTH) };
}

// The secret has 256 bits of entropy, so a plain SHA-256 is as good as a slow
// password hash here, and it lets a request find its token by an indexed lookup.
export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The token in an `Authorization: Bearer …` header, or null if there is none. */
export function bearerToken(authorization: string | null): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match?.[1] ?? null;
}
