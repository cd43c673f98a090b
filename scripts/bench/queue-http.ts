// What the queue benches send: timed requests with a rater's Bearer token, and the rating every rater gives.
import { quantile } from "@/lib/stats/descriptive";

export interface Rater {
  email: string;
  userId: string;
  token: string;
}

/** A request and its answer's text, timed to the last byte. */
export async function timed(url: string, init: RequestInit) {
  const started = performance.now();
  const response = await fetch(url, init);
  const text = await response.text();
  return { ms: performance.now() - started, status: response.status, text };
}

export const auth = (token: string) => ({ authorization: `Bearer ${token}`, "content-type": "application/json" });
export const ms = (values: number[], q: number) => `${(quantile(values, q) ?? Number.NaN).toFixed(1)} ms`;

/** The rating every bench rater gives. */
export const RATING = JSON.stringify({ omission_harm: 1, commission_harm: 0, critical_action_results: ["hit", "miss"], response_class: "substantive", omission_mechanism: "none", reasoning: "bench" });
