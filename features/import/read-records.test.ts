import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { readRecords, type ParsedRecord, type UploadStats } from "./read-records";

function streamOf(text: string | Uint8Array, chunkSize = 7): ReadableStream<Uint8Array> {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) controller.close();
      else controller.enqueue(bytes.slice(offset, (offset += chunkSize)));
    },
  });
}

async function read(text: string | Uint8Array, options: { name?: string; contentType?: string; csvColumns?: string[]; limit?: number } = {}) {
  const stats: UploadStats = { bytes: 0, sha256: "" };
  const records: ParsedRecord[] = [];
  const upload = { name: options.name ?? "upload", contentType: options.contentType ?? null, stream: streamOf(text) };
  for await (const batch of readRecords(upload, { limitBytes: options.limit ?? 1e6, stats, ...(options.csvColumns ? { csvColumns: options.csvColumns } : {}) })) {
    expect(batch.length).toBeGreaterThan(0);
    records.push(...batch);
  }
  return { records, stats };
}

describe("readRecords", () => {
  it("drops a leading byte order mark, also when the chunks cut it (it is three bytes in UTF-8)", async () => {
    for (const [text, contentType] of [
      ['\uFEFF{"a":1}\n{"a":"\u00e9"}', "application/x-ndjson"],
      ['\uFEFF[{"a":1},\n{"a":"\u00e9"}]', "application/json"],
    ] as const) {
      for (const chunkSize of [1, 2, 3, 4]) {
        const stats: UploadStats = { bytes: 0, sha256: "" };
        const records: ParsedRecord[] = [];
        for await (const batch of readRecords({ name: "a.json", contentType, stream: streamOf(text, chunkSize) }, { limitBytes: 1e6, stats })) records.push(...batch);
        expect(records.map((r) => ("value" in r ? [r.line, r.value] : r)), `${contentType}, chunks of ${chunkSize}`).toEqual([
          [1, { a: 1 }],
          [2, { a: "é" }],
        ]);
      }
    }
  });

  it("streams NDJSON line by line, skipping blank lines but counting them", async () => {
    const text = '{"a":1}\n\n{"a":2}\r\n{"a": \n{"a":4}';
    const { records, stats } = await read(text, { contentType: "application/x-ndjson" });
    expect(records).toEqual([
      { line: 1, record: 1, value: { a: 1 } },
      { line: 3, record: 2, value: { a: 2 } },
      { line: 4, record: 3, error: expect.stringMatching(/^Invalid JSON/) as string },
      { line: 5, record: 4, value: { a: 4 } },
    ]);
    expect(stats).toEqual({ bytes: text.length, sha256: createHash("sha256").update(text).digest("hex") });
  });

  it("tells NDJSON, a JSON array and one pretty-printed object apart whatever the content type", async () => {
    expect((await read('{"a":1}\n{"a":2}\n', { contentType: "application/json" })).records).toHaveLength(2);
    expect((await read('[\n {"a":1},\n {"a":2}\n]')).records).toEqual([
      { line: 2, record: 1, pointer: "/0", value: { a: 1 } },
      { line: 3, record: 2, pointer: "/1", value: { a: 2 } },
    ]);
    expect((await read('{\n  "id": "Q1",\n  "n": 2\n}\n')).records).toEqual([{ line: 1, record: 1, value: { id: "Q1", n: 2 } }]);
  });

  it("reports a body that is not JSON at all on its first line", async () => {
    expect((await read("\n\nhello")).records).toEqual([{ line: 3, record: null, error: "Invalid JSON: expected an object or an array" }]);
    expect((await read("  ")).records).toEqual([]);
  });

  it("reads CSV with quoted newlines, giving each record its line", async () => {
    const csv = 'scenario_id,model_id,rep_id,response\nQ1,m,0,"two\nlines"\nQ2,m,1,plain\n';
    const { records } = await read(csv, { contentType: "text/csv", csvColumns: ["scenario_id", "rep_id"] });
    expect(records).toEqual([
      { line: 3, record: 1, value: { scenario_id: "Q1", model_id: "m", rep_id: "0", response: "two\nlines" } },
      { line: 4, record: 2, value: { scenario_id: "Q2", model_id: "m", rep_id: "1", response: "plain" } },
    ]);
  });

  it("refuses a CSV whose header misses a required column, naming it", async () => {
    const error = await read("scenario_id,model\nQ1,m\n", { name: "a.csv", csvColumns: ["scenario_id", "rep_id"] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).details).toEqual([{ line: 1, field: "rep_id", message: 'The CSV header has no column "rep_id".' }]);
  });

  it("reports a CSV row with the wrong number of fields by its line", async () => {
    const { records } = await read("a,b\n1,2\n3\n", { contentType: "text/csv", csvColumns: ["a"] });
    expect(records.at(-1)).toMatchObject({ line: 3, error: expect.stringMatching(/^Invalid CSV/) as string });
  });

  it("refuses CSV where only JSON is taken, and stops a body over the limit with a 413", async () => {
    await expect(read("a\n1\n", { contentType: "text/csv" })).rejects.toMatchObject({ status: 415 });
    await expect(read('{"a":1}\n'.repeat(100), { limit: 50 })).rejects.toMatchObject({ status: 413 });
    await expect(read(`a\n${"1\n".repeat(100)}`, { contentType: "text/csv", csvColumns: ["a"], limit: 50 })).rejects.toMatchObject({ status: 413 });
  });

  it("reads characters cut between chunks, and refuses bytes that are not UTF-8 by the line they are on", async () => {
    // 7-byte chunks cut these two-, three- and four-byte characters apart.
    expect((await read('{"a":"é—ü"}\n{"a":"日本😀"}\n')).records).toEqual([
      { line: 1, record: 1, value: { a: "é—ü" } },
      { line: 2, record: 2, value: { a: "日本😀" } },
    ]);
    const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p))));
    const notUtf8 = (file: string, line: number) => ({ status: 422, details: [{ file, line, message: expect.stringContaining("UTF-8") as string }] });
    // Latin-1 é on line 2 of NDJSON, a stray 0xFF on line 3 of a CSV, a character cut off at the end of the file.
    await expect(read(bytes('{"a":1}\n{"a":"caf', [0xe9], '"}\n'), { name: "x.ndjson" })).rejects.toMatchObject(notUtf8("x.ndjson", 2));
    await expect(read(bytes("a,b\n1,2\n3,", [0xff], "\n"), { name: "x.csv", csvColumns: ["a"] })).rejects.toMatchObject(notUtf8("x.csv", 3));
    await expect(read(bytes('{"a":1}\n{"a":2}', [0xe2, 0x82]))).rejects.toMatchObject(notUtf8("upload", 2));
    // A three-byte lead followed by a newline: the bad byte is the lead, on the line before.
    await expect(read(bytes('{"a":1}\n{"a":"', [0xe2], '\n"}\n'))).rejects.toMatchObject(notUtf8("upload", 2));
  });

  it("streams a one-line JSON array element by element, numbering each record, with work linear in the body", async () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ scenario_id: `Q${i % 9}`, rep_id: i, results: Array(1 + (i % 9)).fill("hit") }));
    const workPerByte = async (n: number) => {
      const text = JSON.stringify(rows(n));
      const meter = { work: 0 };
      const stats: UploadStats = { bytes: 0, sha256: "" };
      const records: ParsedRecord[] = [];
      for await (const batch of readRecords({ name: "a.json", contentType: "application/json", stream: streamOf(text, 4096) }, { limitBytes: 1e8, stats, meter })) records.push(...batch);
      expect(records).toHaveLength(n);
      expect(records.at(-1)).toEqual({ line: 1, record: n, pointer: `/${n - 1}`, value: rows(n).at(-1) });
      return meter.work / text.length;
    };
    const small = await workPerByte(500);
    const large = await workPerByte(10_000);
    // Each byte: the scan, at most one search for each of the three a string stops at, and JSON.parse.
    expect(large).toBeLessThanOrEqual(5);
    expect(Math.abs(large - small)).toBeLessThan(0.01);
  });
});
