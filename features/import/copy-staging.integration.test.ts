// Rows are staged with COPY … FROM STDIN in text format: every character COPY treats specially
// (tab, newline, carriage return, backslash, "\." on its own line, "\N") must reach the tables
// byte for byte, in answers, JSON metadata and score texts; a COPY abandoned mid-upload must
// leave the connection and the study usable.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { INTEGRATION_BODY_LIMIT } from "@/tests/integration/global-setup";
import { newStudy, postImport, streamUntilAnswered, userWithToken } from "@/tests/integration/helpers";
import { answer, ndjson, scenario, score } from "@/tests/fixtures/study";

let admin: Awaited<ReturnType<typeof userWithToken>>;
beforeAll(async () => {
  admin = await userWithToken("admin");
});

const post = (studyId: string, kind: string, body: BodyInit, type = "application/x-ndjson", query = "") => postImport<Record<string, unknown>>(admin.token, studyId, kind, body, type, query);

/** Texts with every character COPY's text format escapes, and some it must leave alone. */
const AWKWARD = [
  "tab\there, two\t\ttabs",
  "line one\nline two\n",
  "windows\r\nline end, lone \r return",
  "a backslash \\ and two \\\\ and one at the end \\",
  "end of data marker on its own line:\n\\.\nand after it",
  "\\.",
  "\\N",
  "literal \\t \\n \\r \\x41 \\101 escapes",
  "quotes \" ' and braces {a,b} \"{}\" and NULL",
  "unicode: é ü ß, 日本語, עברית, emoji 👩‍⚕️🩺, combining e\u0301, zero-width\u200bspace, U+FFFF \uffff",
  "",
  // Longer than a whole chunk of the COPY stream, in multi-byte characters and escapes.
  `long: ${"é😣\t\\".repeat(40_000)}`,
  "after the long one",
] as const;

describe("COPY staging", () => {
  it("stores answers and their metadata byte for byte, whatever characters they hold", async () => {
    const study = await newStudy(admin, "COPY staging study");
    expect((await post(study, "scenarios", JSON.stringify(scenario("S1")), "application/json")).status).toBe(200);
    const rows = AWKWARD.map((text, i) =>
      answer("S1", "m-copy", i, { response: text, metadata: { note: text, nested: { list: [text, i, null, true] } } }),
    );
    const first = await post(study, "responses", ndjson(rows));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ created: AWKWARD.length });

    const stored = await prisma.response.findMany({ where: { studyId: study }, orderBy: { repetition: "asc" } });
    expect(stored.map((r) => r.text)).toEqual([...AWKWARD]);
    expect(stored.map((r) => r.metadata)).toEqual(rows.map((r) => r.metadata));
    // PostgreSQL's own view of the bytes, not only what the client reads back.
    const lengths = await prisma.$queryRaw<{ bytes: number }[]>`
      SELECT octet_length(text)::int AS bytes FROM responses WHERE study_id = ${study}::uuid ORDER BY repetition`;
    expect(lengths.map((l) => l.bytes)).toEqual(AWKWARD.map((t) => Buffer.byteLength(t, "utf8")));

    // The same file again: every answer unchanged (its text compares equal), nothing written.
    const again = await post(study, "responses", ndjson(rows));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: 0, unchanged: AWKWARD.length, replaced: 0 });
  });

  it("stores score texts and critical-action results byte for byte", async () => {
    const study = await newStudy(admin, "COPY staging scores");
    expect((await post(study, "scenarios", JSON.stringify(scenario("S1", { critical_actions: ["a", "b"] })), "application/json")).status).toBe(200);
    expect((await post(study, "responses", ndjson(AWKWARD.map((_, i) => answer("S1", "m-copy", i))))).status).toBe(200);
    const results = AWKWARD.map((_, i) => ["hit", i % 2 === 0 ? "miss" : "partial"]);
    const rows = AWKWARD.map((text, i) =>
      score("S1", "m-copy", i, i % 5, (i + 1) % 4, { clinical_reasoning: text, critical_action_results: results[i] }),
    );
    const imported = await post(study, "scores", ndjson(rows));
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ created: AWKWARD.length });

    const stored = await prisma.rating.findMany({ where: { response: { studyId: study } }, include: { response: true }, orderBy: { response: { repetition: "asc" } } });
    expect(stored.map((g) => g.reasoning)).toEqual([...AWKWARD]);
    expect(stored.map((g) => g.criticalActionResults)).toEqual(results);
    expect((await post(study, "scores", ndjson(rows))).body).toMatchObject({ created: 0, unchanged: AWKWARD.length });
  });

  it("abandons a COPY cut short by an over-size body, and the study imports at once afterwards", async () => {
    const study = await newStudy(admin, "COPY abandoned");
    expect((await post(study, "scenarios", JSON.stringify(scenario("S1")), "application/json")).status).toBe(200);
    // Well over a staging chunk of rows is read (and sent to COPY) before the limit is reached.
    const rows: unknown[] = [];
    for (let i = 0; rows.length * 200 < INTEGRATION_BODY_LIMIT * 1.5; i++) rows.push(answer("S1", "big", i, { response: "y".repeat(180) }));
    const streamed = await streamUntilAnswered(
      `/api/v1/studies/${study}/responses`,
      { authorization: `Bearer ${admin.token}`, "content-type": "application/x-ndjson" },
      new TextEncoder().encode(ndjson(rows)),
      INTEGRATION_BODY_LIMIT + 1,
    );
    expect(streamed).toMatchObject({ status: 413, bodyEnded: false });
    expect(await prisma.response.count({ where: { studyId: study } })).toBe(0);

    // Several imports in a row, more than the import connections there are: none waits on a connection left in a COPY.
    for (let round = 0; round < 6; round++) {
      const next = await post(study, "responses", ndjson([answer("S1", "small", round)]));
      expect(next.status).toBe(200);
      expect(next.body).toMatchObject({ created: 1 });
    }
    expect(await prisma.response.count({ where: { studyId: study } })).toBe(6);
  });
});
