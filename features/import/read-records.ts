// Turns an upload (a web stream) into records, each named by its line and
// its 1-based record number (and inside a JSON array its pointer), in one
// streaming pass: JSON arrays, NDJSON and CSV keep memory flat as the file
// grows. A single JSON object is one record, read whole. Records come in
// batches, the records completed by one chunk of the upload: every layer of
// async generators costs each item it passes a few promises, which the
// server's async context tracking makes dear, so items are batches, not rows.
import { createHash } from "node:crypto";
import { pipeline, Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import { parse as parseCsv, CsvError } from "csv-parse";
import { bodyTooLarge } from "@/lib/api/body";
import { AppError } from "@/lib/errors";
import { JsonArrayReader, parseJsonAt, type ParsedRecord } from "./json-document";
import { Utf8Check } from "./utf8-check";

export type { ParsedRecord };
export type { RecordPlace } from "./json-document";

export interface Upload {
  /** Shown in errors and the import history. */
  name: string;
  contentType: string | null;
  stream: ReadableStream<Uint8Array>;
}

export interface UploadStats {
  bytes: number;
  sha256: string;
}

export const payloadTooLarge = (limit: number) => bodyTooLarge(limit, "The upload");

const notUtf8 = (file: string, line: number) =>
  new AppError("invalid", "The upload is not UTF-8 text; nothing was imported.", [
    { file, line, message: "This line holds bytes that are not UTF-8: save the file as UTF-8 and upload it again." },
  ]);

/** Counts, hashes and checks (UTF-8) the bytes as they pass, and stops the stream past `limit` or at a bad byte. */
function metered(upload: Upload, limit: number, stats: UploadStats) {
  const hash = createHash("sha256");
  const utf8 = new Utf8Check();
  return upload.stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        stats.bytes += chunk.byteLength;
        if (stats.bytes > limit) {
          controller.error(payloadTooLarge(limit));
          return;
        }
        const badLine = utf8.check(chunk);
        if (badLine !== null) {
          controller.error(notUtf8(upload.name, badLine));
          return;
        }
        hash.update(chunk);
        controller.enqueue(chunk);
      },
      flush(controller) {
        const badLine = utf8.end();
        if (badLine !== null) controller.error(notUtf8(upload.name, badLine));
        stats.sha256 = hash.digest("hex");
      },
    }),
  );
}

export const isCsvUpload = (upload: Upload) =>
  /\btext\/csv\b/i.test(upload.contentType ?? "") || /\.csv$/i.test(upload.name);

/**
 * Reads the records of an upload, in batches (never empty). `csvColumns` lists the columns a CSV must
 * have (the kinds that take CSV); for other kinds a CSV is refused.
 */
export async function* readRecords(
  upload: Upload,
  options: { limitBytes: number; csvColumns?: readonly string[]; stats: UploadStats; meter?: { work: number } },
): AsyncGenerator<ParsedRecord[]> {
  const stream = metered(upload, options.limitBytes, options.stats);
  if (isCsvUpload(upload)) {
    if (!options.csvColumns) throw new AppError("unsupported_media_type", "This import takes JSON or NDJSON, not CSV.");
    yield* csvRecords(stream, options.csvColumns);
    return;
  }
  yield* jsonFamilyRecords(stream, options.meter);
}

/**
 * The upload as text, chunk by chunk, a leading byte order mark dropped (as
 * TextDecoder drops it). The bytes were checked as UTF-8 on their way in;
 * StringDecoder (which carries a character cut between chunks over) decodes
 * them in about half TextDecoder's time.
 */
async function* textChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  const reader = stream.getReader();
  let first = true;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    let text = decoder.write(Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength));
    if (first && text !== "") {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (text !== "") yield text;
  }
  let tail = decoder.end();
  if (first && tail.charCodeAt(0) === 0xfeff) tail = tail.slice(1);
  if (tail) yield tail;
}

/**
 * JSON family, told apart by the first non-blank character and line: `[` is
 * an array (streamed element by element), a first line that is a whole JSON
 * value is NDJSON (streamed line by line), anything else starting with `{`
 * is one (pretty-printed) object.
 */
async function* jsonFamilyRecords(stream: ReadableStream<Uint8Array>, meter?: { work: number }): AsyncGenerator<ParsedRecord[]> {
  const chunks = textChunks(stream);
  let head = "";
  let done = false;
  // Read until the first non-blank line is complete (or, for an array, its first character is known).
  while (!done && !/^[\s\uFEFF]*\[/.test(head) && !/\S/.test(head.slice(0, head.lastIndexOf("\n") + 1))) {
    const next = await chunks.next();
    if (next.done) done = true;
    else head += next.value;
  }
  if (head.charCodeAt(0) === 0xfeff) head = head.slice(1);
  const blank = /^\s*/.exec(head)?.[0] ?? "";
  const line = 1 + (blank.match(/\n/g)?.length ?? 0);
  const first = head.charAt(blank.length);
  if (first === "") return;
  if (first === "[") {
    const reader = new JsonArrayReader();
    try {
      const opening = [...reader.push(head)];
      if (opening.length > 0) yield opening;
      for await (const chunk of chunks) {
        const batch = [...reader.push(chunk)];
        if (batch.length > 0) yield batch;
      }
      const last = [...reader.end()];
      if (last.length > 0) yield last;
    } finally {
      if (meter) meter.work += reader.work;
    }
    return;
  }
  if (first !== "{") {
    yield [{ line, record: null, error: "Invalid JSON: expected an object or an array" }];
    return;
  }
  const firstLine = head.slice(blank.length).split("\n", 1)[0]?.trim() ?? "";
  if ("value" in parseJsonAt(firstLine, { line, record: 1 })) {
    yield* ndjsonRecords(head, chunks, meter);
    return;
  }
  let text = head.slice(blank.length);
  for await (const chunk of chunks) text += chunk;
  if (meter) meter.work += text.length;
  yield [parseJsonAt(text, { line, record: 1 })];
}

async function* ndjsonRecords(head: string, rest: AsyncGenerator<string>, meter?: { work: number }): AsyncGenerator<ParsedRecord[]> {
  let buffer = head;
  let line = 0;
  let record = 0;
  // Walks the buffer by index and cuts it once per chunk (cutting it after
  // every line would copy the rest of the chunk each time).
  function completeLines(final: boolean): ParsedRecord[] {
    const records: ParsedRecord[] = [];
    let start = 0;
    for (let end = buffer.indexOf("\n"); end >= 0; end = buffer.indexOf("\n", start)) {
      line++;
      const text = buffer.slice(start, end).trim();
      if (meter) meter.work += end + 1 - start;
      if (text !== "") records.push(parseJsonAt(text, { line, record: ++record }));
      start = end + 1;
    }
    buffer = buffer.slice(start);
    if (final && buffer.trim() !== "") {
      line++;
      if (meter) meter.work += buffer.length;
      records.push(parseJsonAt(buffer.trim(), { line, record: ++record }));
      buffer = "";
    }
    return records;
  }
  const first = completeLines(false);
  if (first.length > 0) yield first;
  for await (const chunk of rest) {
    buffer += chunk;
    const batch = completeLines(false);
    if (batch.length > 0) yield batch;
  }
  const last = completeLines(true);
  if (last.length > 0) yield last;
}

// The CSV parser hands its records over one at a time, so a CSV's batches hold one record each.
async function* csvRecords(stream: ReadableStream<Uint8Array>, required: readonly string[]): AsyncGenerator<ParsedRecord[]> {
  // pipeline, not pipe: an error of the upload (too large, not UTF-8) ends the parse with that error.
  const parser = pipeline(
    Readable.fromWeb(stream as NodeWebStream<Uint8Array>),
    parseCsv({
      bom: true,
      info: true,
      skip_empty_lines: true,
      trim: false,
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim());
        const missing = required.filter((column) => !names.includes(column));
        if (missing.length > 0) {
          throw new AppError("invalid", "The CSV header is missing required columns; nothing was imported.", [
            ...missing.map((column) => ({ line: 1, field: column, message: `The CSV header has no column "${column}".` })),
          ]);
        }
        return names;
      },
    }),
    () => undefined,
  );
  let records = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      yield [{ line: info.lines, record: ++records, value: record }];
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? 0;
      yield [{ line, record: records + 1, error: `Invalid CSV: ${error.message}` }];
      return;
    }
    throw error;
  }
}
