// A study's first answers are written straight into `responses` while the upload is read
// (no staging table, no merge); a study that has answers stages and merges. Over real HTTP
// and PostgreSQL, both paths must store the same rows and find the same problems.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { answer, ndjson, scenario } from "@/tests/fixtures/study";
import { type ApiErrorBody, newStudy, postImport, userWithToken } from "@/tests/integration/helpers";

let admin: Awaited<ReturnType<typeof userWithToken>>;
beforeAll(async () => {
  admin = await userWithToken("admin");
});

type Body = Record<string, unknown> & Partial<ApiErrorBody> & { refusedRecords?: unknown[]; importId?: string };

const post = (studyId: string, kind: string, body: string, type: string, query = "") => postImport<Body>(admin.token, studyId, kind, body, type, query);

/** Two studies with the same scenarios: the first has no answers (direct path), the second one unrelated answer (merge path). */
async function twoStudies() {
  const scenarios = JSON.stringify([scenario("S1"), scenario("S2"), scenario("S3")]);
  const direct = await newStudy(admin, "Direct");
  const merged = await newStudy(admin, "Merged");
  for (const study of [direct, merged]) expect((await post(study, "scenarios", scenarios, "application/json")).status).toBe(200);
  expect((await post(merged, "responses", ndjson([answer("S1", "already-here", 0)]), "application/x-ndjson")).status).toBe(200);
  return { direct, merged };
}

/** Every stored column of the study's answers that does not depend on which path wrote them. */
async function storedRows(studyId: string) {
  const rows = await prisma.response.findMany({ where: { studyId, modelId: { not: "already-here" } }, include: { scenario: { select: { externalId: true } } } });
  return rows
    .map((r) => ({
      key: `${r.scenario.externalId}/${r.modelId}/${r.repetition}`,
      text: r.text,
      outputTokens: r.outputTokens,
      contentFiltered: r.contentFiltered,
      metadata: r.metadata,
      contentHash: r.contentHash,
      version: r.version,
    }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
}

// Values COPY's text format must escape, and the rest of what an answer may hold.
const rows = [
  answer("S1", "m-a", 0, { response: "tab\there, newline\nthere, backslash \\ and \\. and \\N, carriage\rreturn" }),
  answer("S1", "m-a", 1, { response: "ünïcödé — “quotes” 🩺", output_tokens: null, content_filtered: true }),
  answer("S2", "m-a", 0, { metadata: { nested: { b: [1, 2, { c: null }], a: "x\ty" }, temperature: 0 } }),
  answer("S2", "m-b", 7, { output_tokens: undefined, metadata: undefined, content_filtered: undefined }),
  answer("S3", "m-b", 0),
];

describe("the first answers of a study", () => {
  it("are stored as the staged merge stores them, as NDJSON and as a one-line JSON array, and re-import as unchanged", async () => {
    for (const [body, type] of [[ndjson(rows), "application/x-ndjson"], [JSON.stringify(rows), "application/json"]] as const) {
      const { direct, merged } = await twoStudies();
      const first = await post(direct, "responses", body, type);
      const second = await post(merged, "responses", body, type);
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(second.status, JSON.stringify(second.body)).toBe(200);
      expect(first.body).toMatchObject({ created: rows.length, unchanged: 0, replaced: 0 });
      expect(second.body).toMatchObject({ created: rows.length, unchanged: 0, replaced: 0 });
      const stored = await storedRows(direct);
      expect(stored).toHaveLength(rows.length);
      expect(stored).toEqual(await storedRows(merged));
      expect(stored.find((r) => r.key === "S1/m-a/0")?.text).toBe(rows[0]?.response);

      // What the direct path makes itself: version 7 ids of this import, fresh blind codes, the import batch.
      const written = await prisma.response.findMany({ where: { studyId: direct }, select: { id: true, blindCode: true, importBatchId: true, createdAt: true } });
      for (const r of written) {
        expect(r.id.replaceAll("-", "")[12]).toBe("7");
        expect(["8", "9", "a", "b"]).toContain(r.id.replaceAll("-", "")[16]);
        expect(Math.abs(parseInt(r.id.replaceAll("-", "").slice(0, 12), 16) - r.createdAt.getTime())).toBeLessThan(60_000);
        expect(r.blindCode).toMatch(/^R-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
        expect(r.importBatchId).toBe(first.body.importId);
      }
      expect(new Set(written.map((r) => r.blindCode)).size).toBe(rows.length);

      const again = await post(direct, "responses", body, type);
      expect(again.body).toMatchObject({ created: 0, unchanged: rows.length, replaced: 0 });
    }
  });

  const withProblems = [
    answer("S1", "m", 0), // 1
    answer("S1", "m", 0, { response: "Again." }), // 2: record 1 again
    answer("NOPE", "m", 0), // 3: no such scenario
    answer("S2", "m", "x"), // 4: invalid repetition
    answer("S2", "m", 0), // 5
    answer("S1", "m", 0), // 6: record 1 a third time
    answer("NOPE", "m", 0), // 7: no such scenario, and record 3 again
  ];

  it("are refused whole, with the same problems named the same way on either path", async () => {
    const { direct, merged } = await twoStudies();
    const first = await post(direct, "responses", ndjson(withProblems), "application/x-ndjson", "?filename=a.ndjson");
    const second = await post(merged, "responses", ndjson(withProblems), "application/x-ndjson", "?filename=a.ndjson");
    expect(first.status).toBe(422);
    expect(second.status).toBe(422);
    expect(first.body.error).toEqual(second.body.error);
    const details = first.body.error?.details ?? [];
    expect(details).toContainEqual(expect.objectContaining({ line: 2, record: 2, field: "rep_id", message: "The answer (S1, m, 0) appears twice: first at record 1 (line 1) of a.ndjson." }));
    expect(details).toContainEqual(expect.objectContaining({ line: 6, record: 6, field: "rep_id", message: "The answer (S1, m, 0) appears twice: first at record 1 (line 1) of a.ndjson." }));
    expect(details).toContainEqual(expect.objectContaining({ line: 7, record: 7, field: "rep_id", message: "The answer (NOPE, m, 0) appears twice: first at record 3 (line 3) of a.ndjson." }));
    expect(details.filter((d) => d.field === "scenario_id").map((d) => d.line)).toEqual([3, 7]);
    expect(await prisma.response.count({ where: { studyId: direct } })).toBe(0);
    expect(await prisma.response.count({ where: { studyId: merged } })).toBe(1);
  });

  it("with invalid=skip, keep exactly the valid records and refuse the same ones on either path", async () => {
    const { direct, merged } = await twoStudies();
    const first = await post(direct, "responses", ndjson(withProblems), "application/x-ndjson", "?filename=a.ndjson&invalid=skip");
    const second = await post(merged, "responses", ndjson(withProblems), "application/x-ndjson", "?filename=a.ndjson&invalid=skip");
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ created: 2, refused: 5 });
    expect(second.body).toMatchObject({ created: 2, refused: 5 });
    expect(first.body.refusedRecords).toEqual(second.body.refusedRecords);
    expect((await storedRows(direct)).map((r) => `${r.key}:${r.text}`)).toEqual([`S1/m/0:${withProblems[0]?.response}`, `S2/m/0:${withProblems[4]?.response}`]);
    expect(await storedRows(direct)).toEqual(await storedRows(merged));
  });
});
