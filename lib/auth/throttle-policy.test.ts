import { describe, expect, it } from "vitest";
import { lockDurationMs, reserveAttempt, retryAfterSeconds, type ThrottleState } from "./throttle-policy";

const rule = { limit: 3, windowMs: 15 * 60_000 };
const at = (minutes: number) => new Date(Date.UTC(2026, 10, 23, 12, 0) + minutes * 60_000);

/** Runs `count` attempts at `when` and returns the allowed/refused pattern and the last state. */
function attempts(state: ThrottleState | null, count: number, when: Date) {
  const results: boolean[] = [];
  let current = state;
  let lockedUntil: Date | null = null;
  for (let i = 0; i < count; i++) {
    const r = reserveAttempt(current, rule, when);
    results.push(r.allowed);
    if (!r.allowed) lockedUntil = r.lockedUntil;
    current = r.next ?? current;
  }
  return { results, state: current, lockedUntil };
}

describe("the sign-in throttle", () => {
  it("allows the limit's attempts in a window; the next one imposes a lock and is refused", () => {
    const { results, state, lockedUntil } = attempts(null, rule.limit + 2, at(0));
    expect(results).toEqual([true, true, true, false, false]);
    expect(lockedUntil).toEqual(at(1));
    expect(state?.locks).toBe(1);
  });

  it("refuses every attempt while locked, without counting it", () => {
    const { state } = attempts(null, rule.limit + 1, at(0));
    const during = reserveAttempt(state, rule, at(0.5));
    expect(during).toEqual({ allowed: false, lockedUntil: at(1), next: null });
  });

  it("allows one attempt after a lock, then locks again for twice as long", () => {
    const locked = attempts(null, rule.limit + 1, at(0)).state;
    const after = attempts(locked, 2, at(1));
    expect(after.results).toEqual([true, false]);
    expect(after.lockedUntil).toEqual(at(3));
    const again = attempts(after.state, 2, at(3));
    expect(again.results).toEqual([true, false]);
    expect(again.lockedUntil).toEqual(at(7));
  });

  it("grows the lock 1, 2, 4 … minutes up to 30", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 40].map((locks) => lockDurationMs(locks) / 60_000)).toEqual([1, 2, 4, 8, 16, 30, 30, 30]);
  });

  it("gives a counter that was locked one attempt per new window, not a fresh allowance", () => {
    const locked = attempts(null, rule.limit + 1, at(0)).state;
    const later = attempts(locked, 2, at(15));
    expect(later.results).toEqual([true, false]);
    expect(later.lockedUntil).toEqual(at(17));
  });

  it("lets a guesser who keeps trying through two hours of growing locks in only once per lock", () => {
    let state: ThrottleState | null = null;
    let allowed = 0;
    let locks = 0;
    for (let minute = 0; minute <= 120; minute += 0.5) {
      const r = reserveAttempt(state, rule, at(minute));
      if (r.allowed) allowed++;
      else if (r.next) locks++;
      state = r.next ?? state;
    }
    // The first window's allowance, then one attempt after each lock but the last.
    expect(allowed).toBe(rule.limit + locks - 1);
    expect(locks).toBeLessThanOrEqual(8);
  });

  it("says how long to wait in whole seconds, rounded up", () => {
    expect(retryAfterSeconds(new Date(at(0).getTime() + 1500), at(0))).toBe(2);
    expect(retryAfterSeconds(at(0), at(0))).toBe(1);
  });
});
