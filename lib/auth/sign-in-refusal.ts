// How a throttled sign-in reaches the sign-in form. next-auth's client
// `signIn(…, { redirect: false })` hands the form only the `error` query
// parameter of the URL the server answers with, so the scope and the wait
// travel inside it: `TooManyAttempts:account:600`. Pure code, shared by the
// server and the form.
import type { ThrottleScope } from "./throttle-policy";

const CODE = "TooManyAttempts";

export interface SignInRefusal {
  scope: ThrottleScope;
  retryAfterSeconds: number;
}

export function signInRefusalError(refusal: SignInRefusal): string {
  return `${CODE}:${refusal.scope}:${refusal.retryAfterSeconds}`;
}

export function parseSignInRefusal(error: string | null | undefined): SignInRefusal | null {
  const match = /^TooManyAttempts:(account|address):(\d+)$/.exec(error ?? "");
  if (!match) return null;
  return { scope: match[1] as ThrottleScope, retryAfterSeconds: Number(match[2]) };
}

/** "Too many failed sign-ins for this account; try again in 2 minutes." */
export function signInRefusalMessage({ scope, retryAfterSeconds }: SignInRefusal): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  const whose = scope === "account" ? "for this account" : "from your network address";
  return `Too many failed sign-ins ${whose}; try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}
