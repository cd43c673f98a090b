import "server-only";
import { prisma } from "@/lib/db/prisma";
import type { SignInRefusal } from "./sign-in-refusal";
import {
  reserveAttempt,
  retryAfterSeconds,
  THROTTLE_RULES,
  type Reservation,
  type ThrottleScope,
  type ThrottleState,
} from "./throttle-policy";

type Transaction = Parameters<Parameters<typeof prisma.$transaction>[0]>[0];

/** The account a sign-in names: its lower-cased email, whether or not such a user exists. */
export function accountKey(email: string): string {
  return email.trim().toLowerCase().slice(0, 320);
}

/**
 * Counts a sign-in attempt for the account and the client address before
 * its password is checked; a refusal (either is locked, or this attempt
 * locks one) says which and for how long, and no password is checked then.
 */
export async function beginSignInAttempt(email: string, address: string, now = new Date()): Promise<SignInRefusal | null> {
  await forgetIdleCounters(now);
  const counters = [
    { scope: "account", key: accountKey(email) },
    { scope: "address", key: address },
  ] as const;
  return prisma.$transaction(async (tx) => {
    // Rows are locked in one order (account, then address), so concurrent attempts never deadlock.
    const outcomes: { scope: ThrottleScope; key: string; reservation: Reservation }[] = [];
    for (const { scope, key } of counters) {
      const reservation = reserveAttempt(await lockCounter(tx, scope, key, now), THROTTLE_RULES[scope], now);
      outcomes.push({ scope, key, reservation });
    }
    const refusals = outcomes.flatMap(({ scope, reservation }) =>
      reservation.allowed ? [] : [{ scope, lockedUntil: reservation.lockedUntil }],
    );
    // An allowed attempt counts everywhere; a refused one only where it imposes a lock.
    for (const { scope, key, reservation } of outcomes) {
      const next = refusals.length === 0 || !reservation.allowed ? reservation.next : null;
      if (next) await saveCounter(tx, scope, key, next, now);
    }
    const longest = refusals.sort((a, b) => b.lockedUntil.getTime() - a.lockedUntil.getTime())[0];
    return longest ? { scope: longest.scope, retryAfterSeconds: retryAfterSeconds(longest.lockedUntil, now) } : null;
  });
}

/** A success clears the account's counter and takes back its own attempt from the address. */
export async function recordSignInSuccess(email: string, address: string): Promise<void> {
  await prisma.$transaction([
    prisma.signInThrottle.deleteMany({ where: { scope: "account", key: accountKey(email) } }),
    prisma.signInThrottle.updateMany({
      where: { scope: "address", key: address, attempts: { gt: 0 } },
      data: { attempts: { decrement: 1 } },
    }),
  ]);
}

/** The counter's state, its row created if need be and locked until the transaction ends. */
async function lockCounter(tx: Transaction, scope: ThrottleScope, key: string, now: Date): Promise<ThrottleState> {
  const rows = await tx.$queryRaw<{ attempts: number; window_started_at: Date; locked_until: Date | null; locks: number }[]>`
    INSERT INTO sign_in_throttles (scope, key, attempts, window_started_at, updated_at)
    VALUES (CAST(${scope} AS "ThrottleScope"), ${key}, 0, ${now}, ${now})
    ON CONFLICT (scope, key) DO UPDATE SET updated_at = EXCLUDED.updated_at
    RETURNING attempts, window_started_at, locked_until, locks`;
  const row = rows[0];
  if (!row) throw new Error("The sign-in counter upsert returned no row.");
  return { attempts: row.attempts, windowStartedAt: row.window_started_at, lockedUntil: row.locked_until, locks: row.locks };
}

function saveCounter(tx: Transaction, scope: ThrottleScope, key: string, state: ThrottleState, now: Date) {
  return tx.signInThrottle.update({
    where: { scope_key: { scope, key } },
    data: { ...state, updatedAt: now },
  });
}

const DAY_MS = 24 * 60 * 60 * 1000;
let lastForgotten = 0;

// Counters untouched for a day and not locked say nothing any more: they are
// deleted, at most once an hour per server, so the table does not grow with
// every email ever tried.
async function forgetIdleCounters(now: Date): Promise<void> {
  if (now.getTime() - lastForgotten < DAY_MS / 24) return;
  lastForgotten = now.getTime();
  await prisma.signInThrottle.deleteMany({
    where: { updatedAt: { lt: new Date(now.getTime() - DAY_MS) }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
  });
}
