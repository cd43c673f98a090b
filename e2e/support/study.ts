// A study made over the API as the e2e admin, for a spec's set-up.
import { expect, type APIRequest, type APIRequestContext } from "@playwright/test";
import { signedInApi } from "./users";

/**
 * Creates a study named `name` and returns its id with `post(path, data)`,
 * which sends to `/api/v1/studies/{id}/{path}` (a string as NDJSON, anything
 * else as JSON), expects success and returns the body. Call `dispose` when done.
 */
export async function adminStudy(playwright: { request: APIRequest }, baseURL: string | undefined, name: string) {
  const admin = await signedInApi(playwright, baseURL, "admin");
  const study = await admin.post("/api/v1/studies", { data: { name } });
  const studyId = ((await study.json()) as { id: string }).id;
  const post = async (path: string, data: unknown) => {
    const headers = { "content-type": typeof data === "string" ? "application/x-ndjson" : "application/json" };
    const response = await admin.post(`/api/v1/studies/${studyId}/${path}`, { headers, data });
    expect(response.status(), await response.text()).toBeLessThan(300);
    return (await response.json()) as { id: string };
  };
  return { studyId, post, dispose: () => admin.dispose() };
}

/**
 * As the rater whose API context `request` is, claims and rates every answer
 * the queue offers them (gold items and retests alike) until it has none
 * left, each with the same rating `body`; every rating must be taken (201).
 */
export async function rateEveryOffer(request: APIRequestContext, queueId: string, body: Record<string, unknown>) {
  for (;;) {
    const claim = await request.post(`/api/v1/queues/${queueId}/next`);
    if (claim.status() === 204) return;
    const { assignmentId } = (await claim.json()) as { assignmentId: string };
    const rated = await request.post(`/api/v1/assignments/${assignmentId}/rating`, { data: body });
    expect(rated.status()).toBe(201);
  }
}
