import type { z } from "zod";
import { Prisma as PrismaSql } from "@/lib/db/prisma";
import { MAX_JSON_DEPTH, unstorableParts } from "@/lib/stored-text";
import type { ImportProblems } from "./problems";
import { isCsvUpload, type ParsedRecord, type Upload, type UploadStats } from "./read-records";
import type { StagedColumns, StagingWriter } from "./staging";

export interface ImportCounts {
  created: number;
  unchanged: number;
  replaced: number;
  unscored?: number;
}

/** What an importer works with, inside the import's one transaction. */
export interface ImportContext {
  /** Prisma on the import's one connection and transaction. */
  tx: PrismaSql.TransactionClient;
  /** A COPY into a table (a temporary staging table, or the target table itself), on the same connection and transaction. */
  staging<Row>(table: string, columns: StagedColumns<Row>): StagingWriter<Row>;
  studyId: string;
  batchId: string;
  actorId: string;
  uploads: Upload[];
  problems: ImportProblems;
  replace: boolean;
  /** Answers that have ratings may be replaced too: their earlier text is kept as a version. */
  replaceRated: boolean;
  raterName: string | null;
  /** ?invalid=skip: records with problems are refused whole and the others imported. */
  skipInvalid: boolean;
  /** Reads an upload's records in batches (counting its bytes into `stats`). */
  records(upload: Upload, stats: UploadStats, csvColumns?: readonly string[]): AsyncGenerator<ParsedRecord[]>;
  stats: Map<Upload, UploadStats>;
}

export type Importer = (context: ImportContext) => Promise<ImportCounts>;

/** Where a record stands: its file, the line it starts on, its 1-based number in the file, and inside a JSON array its pointer. */
export interface RecordAt {
  file: string;
  line: number;
  record: number;
  pointer?: string;
}

/** The record's place as a problem's detail. */
export const placeOf = (at: { file: string; line: number; record?: number | null; pointer?: string | undefined }) => ({
  file: at.file,
  line: at.line,
  ...(at.record != null ? { record: at.record } : {}),
  ...(at.pointer ? { pointer: at.pointer } : {}),
});

/** A record's natural key in words ("Scenario Q1"), from its raw value, when it has one. */
export type KeyOf = (value: unknown) => string | null;

/** The string or number fields of a raw record, for naming it before it is validated. */
export const keyParts = (value: unknown, fields: readonly string[]): string[] | null => {
  if (typeof value !== "object" || value === null) return null;
  const parts = fields.map((f) => (value as Record<string, unknown>)[f]);
  return parts.every((p) => typeof p === "string" || typeof p === "number") ? parts.map(String) : null;
};

/** An answer's key in words, "(Q1, model, 0)", from a raw record's scenario_id, model_id and rep_id. */
export const answerKeyOf = (prefix: string): KeyOf => (value) => {
  const parts = keyParts(value, ["scenario_id", "model_id", "rep_id"]);
  return parts ? `${prefix} (${parts.join(", ")})` : null;
};

/**
 * The rows of every upload that pass `schema` (after `prepare`, which types a
 * CSV row's cells), with where they stand; broken and invalid records, and
 * records PostgreSQL could not store (U+0000 in a text, JSON nested too
 * deep), are reported as problems and skipped, so one upload lists all of them.
 * `plain`, when given, stands in for the schema on the rows it plainly accepts
 * (zod's per-row cost is dear on 100,000 rows); every other row is the schema's.
 * A record's problems are prefixed with its natural key (`keyOf`) when it has one;
 * a file with no record at all is a problem. The rows come in batches (one per
 * batch of records read), so a row costs the caller's loop no promise.
 */
export async function* validRecords<S extends z.ZodType>(
  context: ImportContext,
  schema: S,
  options: {
    csvColumns?: readonly string[];
    prepareCsv?: (row: Record<string, string>) => unknown;
    keyOf?: KeyOf;
    /** The schema's output for a row it plainly accepts, without running it; null leaves the row to the schema. */
    plain?: (value: unknown) => z.output<S> | null;
  } = {},
): AsyncGenerator<{ at: RecordAt; row: z.output<S> }[]> {
  for (const upload of context.uploads) {
    const stats: UploadStats = { bytes: 0, sha256: "" };
    context.stats.set(upload, stats);
    const file = upload.name;
    const prepareCsv = isCsvUpload(upload) ? options.prepareCsv : undefined;
    let count = 0;
    for await (const records of context.records(upload, stats, options.csvColumns)) {
      const valid: { at: RecordAt; row: z.output<S> }[] = [];
      for (const record of records) {
        if (record.record !== null) count++;
        if ("error" in record) {
          context.problems.add({ ...placeOf({ ...record, file }), message: record.error });
          continue;
        }
        const at: RecordAt = { file, line: record.line, record: record.record, ...(record.pointer ? { pointer: record.pointer } : {}) };
        const value = prepareCsv ? prepareCsv(record.value as Record<string, string>) : record.value;
        const unstorable = mayBeUnstorable(value, 0) ? unstorableParts(value) : [];
        const plain = unstorable.length > 0 ? null : (options.plain?.(value) ?? null);
        if (plain !== null) {
          valid.push({ at, row: plain });
          continue;
        }
        const parsed = unstorable.length > 0 ? null : schema.safeParse(value);
        if (parsed?.success) {
          valid.push({ at, row: parsed.data });
          continue;
        }
        // Only a record with a problem is named by its key.
        const key = options.keyOf?.(value);
        const named = (message: string) => (key ? `${key}: ${message}` : message);
        if (parsed) context.problems.addZod(placeOf(at), parsed.error, "", named);
        else for (const { field, message } of unstorable) context.problems.add({ ...placeOf(at), ...(field ? { field } : {}), message: named(message) });
      }
      if (valid.length > 0) yield valid;
    }
    if (count === 0) context.problems.add({ file, line: 1, message: "The file is empty: it holds no records." });
  }
}

/**
 * Whether `unstorableParts` could find anything: a NUL in a string or key, or
 * nesting as deep as it refuses. Nearly every record has neither, and this
 * walk allocates nothing, so only the rare record pays for the named parts.
 */
function mayBeUnstorable(value: unknown, depth: number): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (value === null || typeof value !== "object") return false;
  if (depth >= MAX_JSON_DEPTH) return true;
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) if (mayBeUnstorable(item, depth + 1)) return true;
    return false;
  }
  for (const key in value) {
    if (key.includes("\u0000") || mayBeUnstorable((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

/** Whether the upload is refused as a whole: any problem, or with ?invalid=skip only a problem of no record. */
export const blocked = (context: ImportContext) => context.problems.blocks(context.skipInvalid);

/** How many findings a set-wise check lists: the first thousand, or with ?invalid=skip all (each refuses its record). */
export const findingsLimit = (context: ImportContext) => (context.skipInvalid ? null : 1000);

/**
 * With ?invalid=skip: removes the staged rows of the records refused so far,
 * so that what is counted and merged is the valid records only.
 */
export async function dropRefusedRows(context: ImportContext, table: "import_responses" | "import_scores" | "import_gold"): Promise<void> {
  if (!context.skipInvalid) return;
  const refused = context.problems.refusedRecords;
  if (refused.length === 0) return;
  await context.tx.$executeRaw`
    DELETE FROM ${PrismaSql.raw(table)} t
    USING unnest(${refused.map((r) => r.file)}::text[], ${refused.map((r) => r.record)}::int[]) AS x(file, record)
    WHERE t.file = x.file AND t.record = x.record`;
}
