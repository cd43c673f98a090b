// How failed sign-ins are limited, as pure functions of a counter's state and
// the time: lib/auth/sign-in-throttle.ts keeps the counters in PostgreSQL.
//
// Every attempt is counted before its password is checked, and a success
// takes it back. Within a window (15 minutes from the first attempt) an
// account gets 5 attempts and an address 30; the attempt after that locks
// the counter for 1 minute, then 2, 4, … up to 30 minutes for each further
// lock. After a lock ends one more attempt is allowed before the next lock.
// Locks grow back from 1 minute after a success (which clears the account's
// counter) or once a counter has seen no attempt for a day (it is deleted).

export type ThrottleScope = "account" | "address";

export interface ThrottleRule {
  limit: number;
  windowMs: number;
}

const MINUTE = 60_000;

export const THROTTLE_RULES: Record<ThrottleScope, ThrottleRule> = {
  account: { limit: 5, windowMs: 15 * MINUTE },
  address: { limit: 30, windowMs: 15 * MINUTE },
};

const FIRST_LOCK_MS = MINUTE;
const LONGEST_LOCK_MS = 30 * MINUTE;

export interface ThrottleState {
  attempts: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
  /** Locks imposed so far: the next one lasts 2^locks minutes (at most 30). */
  locks: number;
}

export type Reservation =
  | { allowed: true; next: ThrottleState }
  /** `next` is null when the counter was already locked and stays as it is. */
  | { allowed: false; lockedUntil: Date; next: ThrottleState | null };

export function lockDurationMs(locksBefore: number): number {
  return Math.min(FIRST_LOCK_MS * 2 ** Math.min(locksBefore, 30), LONGEST_LOCK_MS);
}

/** Counts one attempt against a counter (null: none yet), or refuses it while the counter is locked. */
export function reserveAttempt(state: ThrottleState | null, rule: ThrottleRule, now: Date): Reservation {
  if (state?.lockedUntil && state.lockedUntil > now) return { allowed: false, lockedUntil: state.lockedUntil, next: null };
  const inWindow = state !== null && now.getTime() - state.windowStartedAt.getTime() < rule.windowMs;
  // A counter that has been locked starts each new window with its last
  // attempt only: a lock longer than the window must not hand back a full quota.
  const locks = state?.locks ?? 0;
  const current: ThrottleState = inWindow
    ? { ...state, lockedUntil: null }
    : { attempts: locks > 0 ? rule.limit - 1 : 0, windowStartedAt: now, lockedUntil: null, locks };
  const attempts = current.attempts + 1;
  if (attempts <= rule.limit) return { allowed: true, next: { ...current, attempts } };
  const lockedUntil = new Date(now.getTime() + lockDurationMs(current.locks));
  return { allowed: false, lockedUntil, next: { ...current, attempts: rule.limit - 1, lockedUntil, locks: current.locks + 1 } };
}

/** Seconds until `lockedUntil`, rounded up: what Retry-After says. */
export function retryAfterSeconds(lockedUntil: Date, now: Date): number {
  return Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
}
