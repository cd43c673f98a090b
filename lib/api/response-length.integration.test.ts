// A small JSON answer of the API (under 1 KiB) goes out uncompressed even to a
// client that accepts gzip (Cache-Control: no-transform), a larger one is
// still compressed, and the body is the same JSON either way.
import { describe, expect, it } from "vitest";
import { api, baseUrl, newStudy, unique, userWithToken } from "@/tests/integration/helpers";
import { createQueue, rating, raters, studyWithAnswers } from "@/tests/integration/queues";

const GZIP = { "accept-encoding": "gzip" };

describe("a JSON answer of the API", () => {
  it("under 1 KiB, success or error, is sent uncompressed and marked no-transform", async () => {
    const admin = await userWithToken("admin");
    const studyId = await newStudy(admin, "Length study");
    for (const [path, headers, status] of [
      [`/api/v1/studies/${studyId}/snapshots`, { authorization: `Bearer ${admin.token}` }, 200],
      ["/api/v1/studies", {}, 401],
    ] as const) {
      const response = await fetch(`${baseUrl()}${path}`, { headers: { ...GZIP, ...headers } });
      expect(response.status).toBe(status);
      expect(response.headers.get("content-encoding")).toBeNull();
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.byteLength).toBeLessThan(1024);
      expect(response.headers.get("cache-control")).toBe("no-transform");
      expect(response.headers.get("content-type")).toBe("application/json");
      expect(JSON.parse(bytes.toString("utf8"))).toBeTypeOf("object");
    }
  });

  it("of a rater's claim and rating (each under 1 KiB here) is sent uncompressed, as the wrapper's other answers", async () => {
    const admin = await userWithToken("admin");
    const pool = await raters(2);
    const [rater] = pool;
    if (!rater) throw new Error("no rater");
    const queue = await createQueue(admin, await studyWithAnswers(admin, 1), pool);
    const headers = { ...GZIP, authorization: `Bearer ${rater.token}`, "content-type": "application/json" };
    const claim = await fetch(`${baseUrl()}/api/v1/queues/${queue.id}/next`, { method: "POST", headers });
    const submitted = await fetch(`${baseUrl()}/api/v1/assignments/${((await claim.clone().json()) as { assignmentId: string }).assignmentId}/rating`, {
      method: "POST",
      headers,
      body: JSON.stringify(rating()),
    });
    for (const [response, status] of [[claim, 200], [submitted, 201]] as const) {
      expect(response.status).toBe(status);
      expect(response.headers.get("content-encoding")).toBeNull();
      expect(response.headers.get("cache-control")).toBe("no-transform");
      expect(Buffer.byteLength(await response.text())).toBeLessThan(1024);
    }
  });

  it("keeps a route's own Cache-Control beside no-transform", async () => {
    const admin = await userWithToken("admin");
    const [someone] = await raters(1);
    const reset = await fetch(`${baseUrl()}/api/v1/users/${someone?.user.id}/password-reset`, { method: "POST", headers: { ...GZIP, authorization: `Bearer ${admin.token}` } });
    expect(reset.status).toBe(201);
    expect(reset.headers.get("content-encoding")).toBeNull();
    expect(reset.headers.get("cache-control")).toBe("no-store, no-transform");
  });

  it("over 1 KiB is still compressed for a client that accepts gzip, and reads as the same JSON", async () => {
    const admin = await userWithToken("admin");
    const names = Array.from({ length: 12 }, () => unique(`A study with a long enough name to fill a kilobyte ${"x".repeat(40)}`));
    for (const name of names) expect((await api("/api/v1/studies", { method: "POST", token: admin.token, json: { name } })).status).toBe(201);
    const headers = { authorization: `Bearer ${admin.token}` };
    const compressed = await fetch(`${baseUrl()}/api/v1/studies`, { headers: { ...headers, ...GZIP } });
    expect(compressed.status).toBe(200);
    expect(compressed.headers.get("content-encoding")).toBe("gzip");
    expect(compressed.headers.get("cache-control")).toBeNull();
    const body = (await compressed.json()) as { studies: { name: string }[] };
    expect(body.studies.map((s) => s.name)).toEqual(expect.arrayContaining(names));
    const plain = await fetch(`${baseUrl()}/api/v1/studies`, { headers: { ...headers, "accept-encoding": "identity" } });
    const text = await plain.text();
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(Buffer.byteLength(text)).toBeGreaterThan(1024);
    expect((JSON.parse(text) as typeof body).studies.map((s) => s.name)).toEqual(expect.arrayContaining(names));
  });
});
