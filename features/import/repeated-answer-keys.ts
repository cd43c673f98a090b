import "server-only";
import { Prisma } from "@/lib/db/prisma";
import { findingsLimit, type ImportContext } from "./context";
import type { Finding } from "./problems";

/**
 * Every record of a staging table whose answer key (scenario, model,
 * repetition) an earlier record of the upload already gave, named with where
 * that one stands. `message` is a PostgreSQL format() string taking the key's
 * three parts, then the first record, its line and its file.
 */
export async function repeatedAnswerKeys(context: ImportContext, table: "import_responses" | "import_gold", message: string): Promise<void> {
  const { tx, problems } = context;
  problems.addFindings(
    await tx.$queryRaw<Finding[]>`
      SELECT file, line, record, pointer,
             format(${message}::text, scenario_ext, model_id, repetition, first_record, first_line, first_file) AS message
      FROM (SELECT *, row_number() OVER w AS n, first_value(record) OVER w AS first_record, first_value(line) OVER w AS first_line, first_value(file) OVER w AS first_file
            FROM ${Prisma.raw(table)} WINDOW w AS (PARTITION BY scenario_ext, model_id, repetition ORDER BY file, record)) d
      WHERE n > 1 ORDER BY file, record LIMIT ${findingsLimit(context)}`,
    "rep_id",
  );
}
