import { runBcrypt } from "./bcrypt-pool";

const COST = 12;

/** A salted bcrypt hash ($2b$12$…), computed off the event loop. */
export function hashPassword(password: string): Promise<string> {
  return runBcrypt({ op: "hash", password, cost: COST });
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return runBcrypt({ op: "compare", password, hash });
}
