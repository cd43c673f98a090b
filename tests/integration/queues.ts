// Studies, queues and raters over HTTP, for the tests of queues and claims.
import { expect } from "vitest";
import { createStudy } from "@/features/studies/service";
import { answer, ndjson, scenario } from "../fixtures/study";
import { api, unique, userWithToken, type ApiErrorBody } from "./helpers";

export type User = Awaited<ReturnType<typeof userWithToken>>;

/** What a claim answers: the blinded item. */
export interface Item {
  assignmentId: string;
  blindCode: string;
  scenario: { critical_actions: string[] };
  response: { text: string };
  leaseExpiresAt: string;
}

/** A complete rating of an answer to a fixture scenario (3 critical actions). */
export const rating = (oh = 1, ch = 0) => ({
  omission_harm: oh,
  commission_harm: ch,
  critical_action_results: ["hit", "partial", "miss"],
  response_class: "substantive",
  omission_mechanism: "hedging",
  reasoning: "Covers the first action, hedges on the rest.",
});

/** A study with `answers` answers to scenario S1 (3 critical actions) from models m-0, m-1. */
export async function studyWithAnswers(admin: User, answers: number): Promise<string> {
  const { id } = await createStudy({ name: unique("Queue study") }, admin.user.id);
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
