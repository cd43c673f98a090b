// Snapshots over HTTP: what locking froze is served byte for byte, with its
// sha256, however the study changes after an unlock; the database refuses to
// change a snapshot.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { sessionCookie } from "@/scripts/lib/sign-in";
import { api, baseUrl, userWithToken, type ApiErrorBody } from "@/tests/integration/helpers";
import { createQueue, next, raters, rating, studyWithAnswers, submit, type User } from "@/tests/integration/queues";

interface Snapshot {
  id: string;
  createdAt: string;
  createdBy: string | null;
  reason: string;
  dataSha256: string;
  files: { name: string; sha256: string; size: number }[];
}

const FILES = ["ratings.csv", "results.json", "analysis.json", "analysis.md"];
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

const lock = (studyId: string, reason = "Analysis for the paper.") =>
  api<{ snapshotId: string } & Partial<ApiErrorBody>>(`/api/v1/studies/${studyId}/lock`, { method: "POST", token: admin.token, json: { reason } });
const unlock = (studyId: string) => api(`/api/v1/studies/${studyId}/unlock`, { method: "POST", token: admin.token, json: { reason: "More ratings." } });
const list = (studyId: string, who: User = admin) => api<{ snapshots: Snapshot[] }>(`/api/v1/studies/${studyId}/snapshots`, { token: who.token });

/** A GET's status, headers and exact bytes. */
async function download(path: string, who: User = admin) {
  const response = await fetch(`${baseUrl()}${path}`, { headers: { authorization: `Bearer ${who.token}` } });
  return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}
const snapshotFile = (studyId: string, snapshotId: string, name: string, who: User = admin) =>
  download(`/api/v1/studies/${studyId}/snapshots/${snapshotId}/${name}`, who);

/** Every file of a snapshot, by name. */
async function allFiles(studyId: string, snapshotId: string) {
  const files: Record<string, Uint8Array> = {};
  for (const name of FILES) {
    const file = await snapshotFile(studyId, snapshotId, name);
    expect(file.status, name).toBe(200);
    files[name] = file.bytes;
  }
  return files;
}

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

let admin: User;
let pool: User[];
let queueId: string;
let studyId: string;

beforeAll(async () => {
  admin = await userWithToken("admin");
  studyId = await studyWithAnswers(admin, 6);
  pool = await raters(3);
  queueId = (await createQueue(admin, studyId, pool)).id;
  // Two answers rated by two physicians each.
  for (const who of pool.slice(0, 2)) {
    for (const oh of [1, 2]) {
      const claim = await next(queueId, who);
      expect((await submit(claim.body.assignmentId, who, rating(oh, 0))).status).toBe(201);
    }
  }
});

describe("a snapshot", () => {
  it("holds the ratings export, results and analysis as served at lock time, and serves them unchanged after an unlock, new ratings and a re-lock", async () => {
    const liveCsv = await download(`/api/v1/studies/${studyId}/ratings?format=csv`);
    const liveResults = await api<Record<string, unknown>>(`/api/v1/studies/${studyId}/results`, { token: admin.token });
    const liveAnalysis = await download(`/api/v1/studies/${studyId}/analysis`);
    const locked = await lock(studyId);
    expect(locked.status, JSON.stringify(locked.body)).toBe(200);
    const first = await allFiles(studyId, locked.body.snapshotId);

    // The same bytes as the live routes (the results differ only in when they were generated).
    expect(first["ratings.csv"]).toEqual(liveCsv.bytes);
    expect(text(first["ratings.csv"]).split("\n").length).toBe(4 + 2);
    const frozenResults = JSON.parse(text(first["results.json"])) as Record<string, unknown>;
    expect({ ...frozenResults, generated_at: null }).toEqual({ ...liveResults.body, generated_at: null });
    expect(first["analysis.json"]).toEqual(liveAnalysis.bytes);
    expect(text(first["analysis.md"])).toContain("study analysis");
    expect(text(first["analysis.md"])).toContain(`generated ${(await prisma.study.findUniqueOrThrow({ where: { id: studyId } })).lockedAt?.toISOString()}`);

    const [listed] = (await list(studyId)).body.snapshots;
    expect(listed).toMatchObject({ id: locked.body.snapshotId, createdBy: admin.user.name, reason: "Analysis for the paper.", dataSha256: sha256(first["ratings.csv"] ?? new Uint8Array()) });
    expect(listed?.files).toEqual(FILES.map((name) => ({ name, sha256: sha256(first[name] ?? new Uint8Array()), size: first[name]?.byteLength })));

    // Unlock, rate more, lock again: a new snapshot over the new data; the first is unchanged.
    expect((await unlock(studyId)).status).toBe(200);
    const third = pool[2] as User;
    const claim = await next(queueId, third);
    expect((await submit(claim.body.assignmentId, third, rating(4, 3))).status).toBe(201);
    const relocked = await lock(studyId, "Second look.");
    expect(relocked.status).toBe(200);
    const second = await allFiles(studyId, relocked.body.snapshotId);
    expect(text(second["ratings.csv"]).split("\n").length).toBe(5 + 2);
    expect(second["ratings.csv"]).not.toEqual(first["ratings.csv"]);
    expect(second["analysis.json"]).not.toEqual(first["analysis.json"]);
    expect(await allFiles(studyId, locked.body.snapshotId)).toEqual(first);

    const snapshots = (await list(studyId)).body.snapshots;
    expect(snapshots.map((s) => [s.id, s.reason])).toEqual([[relocked.body.snapshotId, "Second look."], [locked.body.snapshotId, "Analysis for the paper."]]);
    expect(snapshots[0]?.dataSha256).toBe(sha256(second["ratings.csv"] ?? new Uint8Array()));
    expect(snapshots[0]?.dataSha256).not.toBe(snapshots[1]?.dataSha256);
    expect((await unlock(studyId)).status).toBe(200);
  });

  it("is served with its type, its sha256 (header and ETag) and as an attachment, to researchers and admins only", async () => {
    const id = await studyWithAnswers(admin, 2);
    const { snapshotId } = (await lock(id)).body;
    const researcher = await userWithToken("researcher");
    const types: Record<string, string> = { "ratings.csv": "text/csv", "results.json": "application/json", "analysis.json": "application/json", "analysis.md": "text/markdown" };
    for (const name of FILES) {
      const file = await snapshotFile(id, snapshotId, name, researcher);
      expect(file.status).toBe(200);
      expect(file.headers.get("content-type")).toContain(types[name]);
      expect(file.headers.get("x-content-sha256")).toBe(sha256(file.bytes));
      expect(file.headers.get("etag")).toBe(`"${sha256(file.bytes)}"`);
      expect(file.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename=".*${name.replace(".", "\\.")}"$`));
    }
    expect((await list(id, researcher)).status).toBe(200);
    const rater = await userWithToken("rater");
    expect((await list(id, rater)).status).toBe(403);
    expect((await snapshotFile(id, snapshotId, "ratings.csv", rater)).status).toBe(403);
    expect((await api(`/api/v1/studies/${id}/snapshots`)).status).toBe(401);
  });

  it("is not found under an unknown file name, another study, or an unknown id", async () => {
    const id = await studyWithAnswers(admin, 2);
    const other = await studyWithAnswers(admin, 2);
    const { snapshotId } = (await lock(id)).body;
    for (const name of ["ratings.ndjson", "RATINGS.CSV", "..%2Fratings.csv", "results.json.bak"]) {
      expect((await snapshotFile(id, snapshotId, name)).status, name).toBe(404);
    }
    expect((await snapshotFile(other, snapshotId, "ratings.csv")).status).toBe(404);
    expect((await snapshotFile(id, "0190a0a0-0000-7000-8000-000000000000", "ratings.csv")).status).toBe(404);
    expect((await snapshotFile(id, "not-a-uuid", "ratings.csv")).status).toBe(404);
    expect((await list(other)).body.snapshots).toEqual([]);
    expect((await list("0190a0a0-0000-7000-8000-000000000000")).status).toBe(404);
  });

  it("cannot be changed or deleted in the database; it goes only with its study", async () => {
    const id = await studyWithAnswers(admin, 2);
    const { snapshotId } = (await lock(id)).body;
    const before = await allFiles(id, snapshotId);
    await expect(prisma.studySnapshot.update({ where: { id: snapshotId }, data: { reason: "rewritten" } })).rejects.toThrow(/immutable/);
    await expect(prisma.studySnapshotFile.update({ where: { snapshotId_name: { snapshotId, name: "ratings.csv" } }, data: { bytes: new Uint8Array([1]) } })).rejects.toThrow(/immutable/);
    await expect(prisma.studySnapshotFile.deleteMany({ where: { snapshotId } })).rejects.toThrow(/immutable/);
    await expect(prisma.$executeRaw`DELETE FROM study_snapshots WHERE id = ${snapshotId}::uuid`).rejects.toThrow(/immutable/);
    expect(await allFiles(id, snapshotId)).toEqual(before);
    expect((await list(id)).body.snapshots[0]?.reason).toBe("Analysis for the paper.");
    // Deleting the study itself takes its snapshots with it.
    await prisma.study.delete({ where: { id } });
    expect(await prisma.studySnapshot.count({ where: { id: snapshotId } })).toBe(0);
  });
});

describe("the live Results and Analysis pages", () => {
  it("say the figures differ from the last snapshot once ratings changed after an unlock, and not before", async () => {
    const id = await studyWithAnswers(admin, 4);
    const two = await raters(2);
    const { id: queue } = await createQueue(admin, id, two);
    const first = await next(queue, two[0] as User);
    expect((await submit(first.body.assignmentId, two[0] as User)).status).toBe(201);
    const researcher = await userWithToken("researcher");
    const cookie = await sessionCookie(baseUrl(), researcher.email, researcher.password);
    const note = async (page: string) => (await (await fetch(`${baseUrl()}/studies/${id}/${page}`, { headers: { cookie } })).text()).includes("differ from the last snapshot");

    expect([await note("results"), await note("analysis")]).toEqual([false, false]);
    expect((await lock(id)).status).toBe(200);
    expect((await unlock(id)).status).toBe(200);
    expect([await note("results"), await note("analysis")]).toEqual([false, false]);
    const second = await next(queue, two[1] as User);
    expect((await submit(second.body.assignmentId, two[1] as User)).status).toBe(201);
    expect([await note("results"), await note("analysis")]).toEqual([true, true]);
    // An edit alone (same count) is a change too.
    expect((await lock(id)).status).toBe(200);
    expect((await unlock(id)).status).toBe(200);
    expect((await submit(first.body.assignmentId, two[0] as User, rating(3, 2))).status).toBe(200);
    expect(await note("results")).toBe(true);
  });
});
