import type { z } from "zod";
import { unstorableParts } from "@/lib/stored-text";
import type { Prisma } from "@/lib/db/prisma";
import type { ImportProblems } from "./problems";
import { isCsvUpload, type ParsedRecord, type Upload, type UploadStats } from "./read-records";

export interface ImportCounts {
  created: number;
  unchanged: number;
  replaced: number;
  unscored?: number;
}

/** What an importer works with, inside the import's one transaction. */
export interface ImportContext {
  tx: Prisma.TransactionClient;
  studyId: string;
  batchId: string;
  actorId: string;
  uploads: Upload[];
  problems: ImportProblems;
  replace: boolean;
  /** Answers that have ratings may be replaced too: their earlier text is kept as a version. */
  replaceRated: boolean;
  raterName: string | null;
  /** Reads an upload's records (counting its bytes into `stats`). */
  records(upload: Upload, stats: UploadStats, csvColumns?: readonly string[]): AsyncGenerator<ParsedRecord>;
  stats: Map<Upload, UploadStats>;
}

export type Importer = (context: ImportContext) => Promise<ImportCounts>;

/** Records of every upload, with the file named; a file with no record at all is a problem. */
async function* eachRecord(context: ImportContext, csvColumns?: readonly string[]) {
  for (const upload of context.uploads) {
    const stats: UploadStats = { bytes: 0, sha256: "" };
    context.stats.set(upload, stats);
    let count = 0;
    const csv = isCsvUpload(upload);
    for await (const record of context.records(upload, stats, csvColumns)) {
      count++;
      yield { ...record, file: upload.name, csv };
    }
    if (count === 0) context.problems.add({ file: upload.name, line: 1, message: "The file is empty: it holds no records." });
  }
}

/**
 * The rows of every upload that pass `schema` (after `prepare`, which types a
 * CSV row's cells), with where they stand; broken and invalid records, and
 * records PostgreSQL could not store (U+0000 in a text, JSON nested too
 * deep), are reported as problems and skipped, so one upload lists all of them.
 */
export async function* validRecords<S extends z.ZodType>(
  context: ImportContext,
  schema: S,
  options: { csvColumns?: readonly string[]; prepareCsv?: (row: Record<string, string>) => unknown } = {},
): AsyncGenerator<{ at: { file: string; line: number }; row: z.output<S> }> {
  for await (const record of eachRecord(context, options.csvColumns)) {
    const at = { file: record.file, line: record.line };
    if ("error" in record) {
      context.problems.add({ ...at, message: record.error });
      continue;
    }
    const value = record.csv && options.prepareCsv ? options.prepareCsv(record.value as Record<string, string>) : record.value;
    const unstorable = unstorableParts(value);
    if (unstorable.length > 0) {
      for (const { field, message } of unstorable) context.problems.add({ ...at, ...(field ? { field } : {}), message });
      continue;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) yield { at, row: parsed.data };
    else context.problems.addZod(at, parsed.error);
  }
}
