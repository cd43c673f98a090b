// A rating the server could not take because it, or its database, is briefly
// unreachable stays in the form and is sent again, later and later, until it
// is taken. Pure functions: item-rater.tsx holds the timer.

/** How one attempt to send ended: the server's status (and Retry-After), or no answer at all. */
export type Delivery = { status: number; retryAfter: string | null } | "no-answer";

/**
 * Worth sending again unchanged: 503 (the database cannot be reached), 502
 * and 504 (a proxy in front of the app could not reach it), or no answer.
 * Anything else is the server's verdict on the rating and is shown as such.
 */
export function isTransient(delivery: Delivery): boolean {
  return delivery === "no-answer" || [502, 503, 504].includes(delivery.status);
}

const FIRST_DELAY_MS = 2_000;
const LONGEST_DELAY_MS = 30_000;

/** The wait before resend number `attempt` (1, 2, …): doubling from 2 s up to 30 s, never sooner than Retry-After asks. */
export function resendDelayMs(attempt: number, retryAfter: string | null): number {
  const backoff = Math.min(LONGEST_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  const asked = retryAfter !== null && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) * 1000 : 0;
  return Math.max(backoff, Math.min(asked, LONGEST_DELAY_MS));
}

/** What the rater reads while the rating waits to be sent again. */
export function resendNotice(delivery: Delivery, delayMs: number): string {
  const cause = delivery !== "no-answer" && delivery.status === 503 ? "The server cannot reach its database" : "The server cannot be reached";
  return `${cause}; your rating is kept and will be sent again in ${Math.round(delayMs / 1000)} s.`;
}
