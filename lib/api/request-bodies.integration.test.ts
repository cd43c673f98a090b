// Request bodies are bounded before they are read: a JSON body by its
// route's limit, an import by MAX_BODY_BYTES over the whole request (every
// file of a multipart form together), counted as it streams when no
// Content-Length says the size; broken multipart bodies are a 400.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { scenario } from "@/tests/fixtures/study";
import { INTEGRATION_BODY_LIMIT } from "@/tests/integration/global-setup";
import { api, newStudy, streamUntilAnswered, userWithToken, type ApiErrorBody } from "@/tests/integration/helpers";
import { claimedAssignment, studyWithAnswers, validRating } from "@/tests/integration/queues";

type User = Awaited<ReturnType<typeof userWithToken>>;
let admin: User;
beforeAll(async () => {
  admin = await userWithToken("admin");
});

describe("a JSON body", () => {
  it("over a rating's limit, streamed without a length, is refused (413) before the server reads it all", async () => {
    const studyId = await studyWithAnswers(admin);
    const { rater, assignmentId } = await claimedAssignment(admin, studyId);
    const headers = { authorization: `Bearer ${rater.token}`, "content-type": "application/json" };
    const limit = 64 * 1024;
    // Sends the limit and a little more of a 64 MiB body, then waits: the answer must come without the rest.
    const refused = await streamUntilAnswered(`/api/v1/assignments/${assignmentId}/rating`, headers, Buffer.alloc(64 * 1024 * 1024, "x"), limit + 1);
    expect(refused.status).toBe(413);
    expect(refused.body.error).toMatchObject({ code: "payload_too_large", message: expect.stringContaining(`${limit} bytes`) as string });
    expect(refused.bodyEnded).toBe(false);

    // The server goes on answering, and the assignment takes a rating of the usual size.
    const rated = await api(`/api/v1/assignments/${assignmentId}/rating`, { method: "POST", token: rater.token, json: validRating() });
    expect(rated.status).toBe(201);
  });
});

describe("an import", () => {
  /** A multipart form of three scenario files of about 0.4 × the limit each: each under it, together over it. */
  async function threeLargeFiles() {
    const form = new FormData();
    const padding = "x".repeat(Math.floor(INTEGRATION_BODY_LIMIT * 0.4));
    for (const id of ["L1", "L2", "L3"]) form.append("files", new File([JSON.stringify(scenario(id, { metadata: { padding } }))], `${id}.json`, { type: "application/json" }));
    const encoded = new Response(form);
    return { type: encoded.headers.get("content-type") ?? "", bytes: new Uint8Array(await encoded.arrayBuffer()) };
  }

  it("counts every file of a multipart form, streamed without a length, against MAX_BODY_BYTES (413) and writes nothing", async () => {
    const studyId = await newStudy(admin, "Multipart limit");
    const { type, bytes } = await threeLargeFiles();
    const refused = await streamUntilAnswered(`/api/v1/studies/${studyId}/scenarios`, { authorization: `Bearer ${admin.token}`, "content-type": type }, bytes, INTEGRATION_BODY_LIMIT + 1);
    expect(refused).toMatchObject({ status: 413, bodyEnded: false });
    expect(refused.body.error.message).toContain(`${INTEGRATION_BODY_LIMIT} bytes`);
    expect(await prisma.scenario.count({ where: { studyId } })).toBe(0);
    // The unread rest of the refused body does not block the next request.
    expect((await api("/api/v1/studies", { token: admin.token })).status).toBe(200);
  });

  it.each([
    ["without a boundary", "multipart/form-data", "--x\r\nnot really\r\n"],
    ["with a garbage body", "multipart/form-data; boundary=zzz", "this is not a multipart body at all"],
  ])("sent as multipart %s is a 400 naming the problem, not a 500", async (_case, type, body) => {
    const studyId = await newStudy(admin, "Multipart garbage");
    const result = await api<ApiErrorBody>(`/api/v1/studies/${studyId}/scenarios`, { method: "POST", token: admin.token, type, body });
    expect(result.status).toBe(400);
    expect(result.body.error).toMatchObject({ code: "bad_request", message: expect.stringMatching(/multipart/i) as string });
    expect(await prisma.scenario.count({ where: { studyId } })).toBe(0);
  });
});
