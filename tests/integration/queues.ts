// Studies, queues, raters and ratings over HTTP, for the tests that need a study to rate.
import { expect } from "vitest";
import { answer, ndjson, scenario } from "../fixtures/study";
import { api, newStudy, unique, userWithToken, type ApiErrorBody } from "./helpers";

export type User = Awaited<ReturnType<typeof userWithToken>>;

/** What a claim answers: the blinded item. */
export interface Item {
  assignmentId: string;
  blindCode: string;
  scenario: { critical_actions: string[] };
  response: { text: string };
  leaseExpiresAt: string;
}

/** A complete physician rating of an answer to S1 (3 critical actions). */
export const validRating = (overrides: Record<string, unknown> = {}) => ({
  omission_harm: 1,
  commission_harm: 0,
  critical_action_results: ["hit", "partial", "miss"],
  response_class: "substantive",
  omission_mechanism: "hedging",
  reasoning: "Covers the first action, hedges on the rest.",
  ...overrides,
});

/** The same rating with the given harm scores. */
export const rating = (oh = 1, ch = 0) => validRating({ omission_harm: oh, commission_harm: ch });

/** A study with `answers` answers to scenario S1 (3 critical actions) from models m-0, m-1. */
export async function studyWithAnswers(admin: User, answers = 2): Promise<string> {
  const id = await newStudy(admin, "Queue study");
  const post = (kind: string, body: string) => api(`/api/v1/studies/${id}/${kind}`, { method: "POST", token: admin.token, body });
  expect((await post("scenarios", JSON.stringify(scenario("S1")))).status).toBe(200);
  expect((await post("responses", ndjson(Array.from({ length: answers }, (_, i) => answer("S1", `m-${i % 2}`, i))))).status).toBe(200);
  return id;
}

/** A queue of the study with `raters` as its pool; `extra` adds ratingsPerItem, filter or sample. */
export async function createQueue(admin: User, studyId: string, raters: User[], extra: Record<string, unknown> = {}) {
  const result = await api<{ id: string; items: number }>(`/api/v1/studies/${studyId}/queues`, {
    method: "POST",
    token: admin.token,
    json: { name: unique("queue"), raters: raters.map((r) => r.email), ...extra },
  });
  expect(result.status, JSON.stringify(result.body)).toBe(201);
  return result.body;
}

export const raters = (n: number) => Promise.all(Array.from({ length: n }, () => userWithToken("rater")));

export const next = (queueId: string, who: User) =>
  api<Item & Partial<ApiErrorBody>>(`/api/v1/queues/${queueId}/next`, { method: "POST", token: who.token });

export const submit = (assignmentId: string, who: User, body: unknown = rating()) =>
  api<Record<string, unknown> & Partial<ApiErrorBody>>(`/api/v1/assignments/${assignmentId}/rating`, { method: "POST", token: who.token, json: body });

/** A rater who has claimed an answer of a new queue over `studyId`. */
export async function claimedAssignment(admin: User, studyId: string) {
  const [rater, other] = await Promise.all([userWithToken("rater"), userWithToken("rater")]);
  const queue = await api<{ id: string }>(`/api/v1/studies/${studyId}/queues`, {
    method: "POST",
    token: admin.token,
    json: { name: unique("queue"), raters: [rater.email, other.email] },
  });
  expect(queue.status).toBe(201);
  const claim = await api<{ assignmentId: string }>(`/api/v1/queues/${queue.body.id}/next`, { method: "POST", token: rater.token });
  expect(claim.status).toBe(200);
  return { rater, queueId: queue.body.id, assignmentId: claim.body.assignmentId };
}

export const skip = (assignmentId: string, who: User, reason = "Conflict of interest") =>
  api<Record<string, unknown> & Partial<ApiErrorBody>>(`/api/v1/assignments/${assignmentId}/skip`, { method: "POST", token: who.token, json: { reason } });

/** Claims and rates until the queue has nothing left for `who`; `skipFirst` skips the first answer offered instead. Returns the skipped blind code. */
export async function rateToTheEnd(queueId: string, who: User, options: { skipFirst?: string } = {}): Promise<string | null> {
  let skipped: string | null = null;
  for (;;) {
    const claim = await next(queueId, who);
    if (claim.status === 204) return skipped;
    expect(claim.status, JSON.stringify(claim.body)).toBe(200);
    if (options.skipFirst !== undefined && skipped === null) {
      const skipped$ = await skip(claim.body.assignmentId, who, options.skipFirst);
      expect(skipped$.status).toBe(200);
      // Blind: the skip answers nothing about the answer or anyone else.
      expect(skipped$.body).toEqual({ skipped: true });
      skipped = claim.body.blindCode;
    } else {
      expect((await submit(claim.body.assignmentId, who)).status).toBe(201);
    }
  }
}
