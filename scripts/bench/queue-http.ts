// What the queue benches send: a rater's claims, ratings and the baseline GET, timed, with the rater's Bearer token.
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
const RATING = JSON.stringify({ omission_harm: 1, commission_harm: 0, critical_action_results: ["hit", "miss"], response_class: "substantive", omission_mechanism: "none", reasoning: "bench" });

/** A rater's claim of the next item of a queue, timed. */
export const claimNext = (baseUrl: string, queueId: string, rater: Rater) =>
  timed(`${baseUrl}/api/v1/queues/${queueId}/next`, { method: "POST", headers: auth(rater.token) });

/** A rater's rating of an item they hold, timed. */
export const rate = (baseUrl: string, assignmentId: string, rater: Pick<Rater, "token">) =>
  timed(`${baseUrl}/api/v1/assignments/${assignmentId}/rating`, { method: "POST", headers: auth(rater.token), body: RATING });

/** The baseline: an authenticated GET that does no queue work (a rater may not list studies, so a 403 after authentication). */
export const bareGet = (baseUrl: string, rater: Pick<Rater, "token">) => timed(`${baseUrl}/api/v1/studies`, { headers: auth(rater.token) });
