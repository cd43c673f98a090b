// Input PostgreSQL cannot take, or that is over a limit, is a 4xx naming the
// field (and the file and line of an import), never a 500 and never a write.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { answer, ndjson, scenario } from "@/tests/fixtures/study";
import { api, baseUrl, unique, userWithToken, type ApiErrorBody, type ApiResult } from "@/tests/integration/helpers";
import { claimedAssignment, studyWithAnswers, validRating } from "@/tests/integration/queues";
import { sessionCookie } from "@/scripts/lib/sign-in";

type User = Awaited<ReturnType<typeof userWithToken>>;
let admin: User;
let studyId: string;
let assignment: Awaited<ReturnType<typeof claimedAssignment>>;
let secondRater: User;

beforeAll(async () => {
  admin = await userWithToken("admin");
  studyId = await studyWithAnswers(admin, 4);
  assignment = await claimedAssignment(admin, studyId);
  secondRater = await userWithToken("rater");
});

const NUL = "\u0000";
// In a URL the character goes percent-encoded (%00), as browsers send it: a raw
// one at either end of a value would be stripped by the URL parser.
const get = (path: string) => api<ApiErrorBody>(path, { token: admin.token });
const post = (path: string, json: unknown, token = admin.token) => api<ApiErrorBody>(path, { method: "POST", token, json });
const importBody = (kind: string, body: string, type: string, query = "") =>
  api<ApiErrorBody>(`/api/v1/studies/${studyId}/${kind}${query}`, { method: "POST", token: admin.token, type, body });
const rate = (json: unknown) => post(`/api/v1/assignments/${assignment.assignmentId}/rating`, json, assignment.rater.token);
const skip = (json: unknown) => post(`/api/v1/assignments/${assignment.assignmentId}/skip`, json, assignment.rater.token);
const queueRaters = () => [assignment.rater.email, secondRater.email];

async function multipartNamed(fileName: string): Promise<ApiResult<ApiErrorBody>> {
  const form = new FormData();
  form.append("files", new File([JSON.stringify(scenario("F1"))], fileName, { type: "application/json" }));
  const response = await fetch(`${baseUrl()}/api/v1/studies/${studyId}/scenarios`, { method: "POST", headers: { authorization: `Bearer ${admin.token}` }, body: form });
  return { status: response.status, body: (await response.json()) as ApiErrorBody, contentType: response.headers.get("content-type") };
}

/** What is stored, so a refused request can be shown to have written nothing. */
const stored = async () => ({
  studies: await prisma.study.count(),
  queues: await prisma.queue.count({ where: { studyId } }),
  scenarios: await prisma.scenario.count({ where: { studyId } }),
  responses: await prisma.response.count({ where: { studyId } }),
  ratings: await prisma.rating.count({ where: { response: { studyId } } }),
  skipped: await prisma.assignment.count({ where: { id: assignment.assignmentId, status: "skipped" } }),
  raters: await prisma.rater.count({ where: { studyId } }),
});

describe("a NUL character (U+0000)", () => {
  it.each<[string, () => Promise<ApiResult<ApiErrorBody>>, Record<string, unknown>]>([
    ["in the results' model filter", () => get(`/api/v1/studies/${studyId}/results?model=m%000`), { field: "model" }],
    ["in the results' category filter", () => get(`/api/v1/studies/${studyId}/results?category=a%00b`), { field: "category" }],
    ["in the results' framing filter", () => get(`/api/v1/studies/${studyId}/results?framing=lay%00person`), { field: "framing" }],
    ["in the results' raterA", () => get(`/api/v1/studies/${studyId}/results?raterA=%00a&raterB=b`), { field: "raterA" }],
    ["in the agreement's raterA", () => get(`/api/v1/studies/${studyId}/agreement?scale=omission_harm&raterA=a%00&raterB=b`), { field: "raterA" }],
    ["in the analysis source", () => get(`/api/v1/studies/${studyId}/analysis?source=judge%00x`), { field: "source" }],
    ["in a study name", () => post("/api/v1/studies", { name: `Study ${NUL}` }), { field: "name" }],
    ["in a queue name", () => post(`/api/v1/studies/${studyId}/queues`, { name: `q${NUL}`, raters: queueRaters() }), { field: "name" }],
    ["in a queue's model filter", () => post(`/api/v1/studies/${studyId}/queues`, { name: unique("q"), raters: queueRaters(), filter: { models: [`m${NUL}`] } }), { field: "filter.models.0" }],
    ["in a rating's reasoning", () => rate(validRating({ reasoning: `Fine${NUL}` })), { field: "reasoning" }],
    ["in a skip reason", () => skip({ reason: `Unreadable${NUL}` }), { field: "reason" }],
    ["in an imported scenario's prompt", () => importBody("scenarios", ndjson([scenario("N1"), scenario("N2", { prompt: `P${NUL}` })]), "application/x-ndjson", "?filename=n.ndjson"), { file: "n.ndjson", line: 2, field: "prompt" }],
    ["in an imported answer's metadata", () => importBody("responses", ndjson([answer("S1", "nul", 0, { metadata: { notes: ["ok", `x${NUL}`] } })]), "application/x-ndjson"), { file: "upload", line: 1, field: "metadata.notes.1" }],
    ["in an imported CSV cell", () => importBody("responses", `scenario_id,model_id,rep_id,response\nS1,nul,0,fine\nS1,nul,1,bad${NUL}\n`, "text/csv", "?filename=a.csv"), { file: "a.csv", line: 3, field: "response" }],
    ["in a machine rater's name", () => importBody("scores", ndjson([]), "application/x-ndjson", "?rater=j%00"), { field: "rater" }],
    ["in an import's ?filename=", () => importBody("scenarios", JSON.stringify(scenario("N3")), "application/json", "?filename=a%00.json"), { field: "filename" }],
    ["in a multipart file name", () => multipartNamed(`a${NUL}.json`), { field: "filename" }],
  ])("%s is a 422 naming the field, and nothing is written", async (_place, send, detail) => {
    const before = await stored();
    const result = await send();
    expect(result.status, JSON.stringify(result.body)).toBe(422);
    expect(result.body.error.details).toContainEqual(expect.objectContaining({ ...detail, message: expect.stringContaining("U+0000") as string }));
    expect(await stored()).toEqual(before);
  });
});

describe("a text over its limit", () => {
  it.each<[string, () => Promise<ApiResult<ApiErrorBody>>, string, string]>([
    ["study name", () => post("/api/v1/studies", { name: "n".repeat(201) }), "name", "200 characters"],
    ["study description", () => post("/api/v1/studies", { name: unique("Long"), description: "d".repeat(5001) }), "description", "5000 characters"],
    ["queue name", () => post(`/api/v1/studies/${studyId}/queues`, { name: "q".repeat(201), raters: queueRaters() }), "name", "200 characters"],
    ["rating's reasoning", () => rate(validRating({ reasoning: "r".repeat(5001) })), "reasoning", "5000 characters"],
    ["skip reason", () => skip({ reason: "s".repeat(1001) }), "reason", "1000 characters"],
  ])("(%s) is refused with a message that gives the limit", async (_what, send, field, limit) => {
    const before = await stored();
    const result = await send();
    expect(result.status).toBe(422);
    expect(result.body.error.details).toEqual([{ field, message: expect.stringContaining(`at most ${limit}`) as string }]);
    expect(await stored()).toEqual(before);
  });
});

describe("a page's filters", () => {
  it("holding a NUL character, or a page number past any page, are dropped: the page answers, never a 500", async () => {
    const cookie = await sessionCookie(baseUrl(), admin.email, admin.password);
    const open = (path: string) => fetch(`${baseUrl()}${path}`, { headers: { cookie }, redirect: "manual" });
    for (const path of [
      `/studies/${studyId}/results?model=%00&category=a%00b&framing=%00`,
      `/studies/${studyId}/analysis?model=%00&category=%00&source=%00`,
      `/studies/${studyId}/answers?model=%00&scenario=%00&page=1e20`,
    ]) {
      expect((await open(path)).status, path).toBe(200);
    }
  });
});

describe("a query parameter the route does not take", () => {
  it.each<[string, () => Promise<ApiResult<ApiErrorBody>>, string]>([
    ["on the studies list, which takes none", () => get("/api/v1/studies?name=x"), "name"],
    ["on the users list, which takes none", () => get("/api/v1/users?role=admin"), "role"],
    ["on a queue's progress", () => get(`/api/v1/queues/${assignment.queueId}?verbose=1`), "verbose"],
    ["on a claim", () => post(`/api/v1/queues/${assignment.queueId}/next?queue=x`, undefined, assignment.rater.token), "queue"],
    ["misspelt on the results", () => get(`/api/v1/studies/${studyId}/results?framng=layperson`), "framng"],
    ["misspelt on the agreement", () => get(`/api/v1/studies/${studyId}/agreement?scale=omission_harm&rater=a`), "rater"],
    ["misspelt on the analysis", () => get(`/api/v1/studies/${studyId}/analysis?modle=x`), "modle"],
  ])("is a 422 naming it %s, never ignored", async (_, send, field) => {
    const before = await stored();
    const refused = await send();
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toContainEqual(expect.objectContaining({ field }));
    expect(await stored()).toEqual(before);
  });
});
