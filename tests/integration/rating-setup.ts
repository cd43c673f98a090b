// A study ready to rate, set up over HTTP: one scenario, its answers, a
// double-rating queue, and a rater holding a claimed assignment.
import { expect } from "vitest";
import { createStudy } from "@/features/studies/service";
import { answer, ndjson, scenario } from "../fixtures/study";
import { api, unique, userWithToken } from "./helpers";

type User = Awaited<ReturnType<typeof userWithToken>>;

/** A study with scenario S1 (3 critical actions) and `answers` answers of models m-0 and m-1. */
export async function studyWithAnswers(admin: User, answers = 2): Promise<string> {
  const { id } = await createStudy({ name: unique("Input study") }, admin.user.id);
  const post = (kind: string, body: string) => api(`/api/v1/studies/${id}/${kind}`, { method: "POST", token: admin.token, body });
  expect((await post("scenarios", JSON.stringify(scenario("S1")))).status).toBe(200);
  expect((await post("responses", ndjson(Array.from({ length: answers }, (_, i) => answer("S1", `m-${i % 2}`, i))))).status).toBe(200);
  return id;
}

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

/** A complete physician rating of an answer to S1. */
export const validRating = (overrides: Record<string, unknown> = {}) => ({
  omission_harm: 1,
  commission_harm: 0,
  critical_action_results: ["hit", "partial", "miss"],
  response_class: "substantive",
  omission_mechanism: "hedging",
  reasoning: "Covers the first action, hedges on the rest.",
  ...overrides,
});
