// Writing CSV (RFC 4180) that is safe to open in a spreadsheet.

/** Characters that make a spreadsheet read a cell as a formula (OWASP's list). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell. Text that a spreadsheet would run as a formula gets a leading `'`
 * (OWASP's advice); numbers are written as they are, so a score of -1 stays
 * -1. Quotes, commas and line breaks are quoted.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const csvRow = (values: readonly (string | number | boolean | null | undefined)[]): string => `${values.map(csvCell).join(",")}\r\n`;

/**
 * Rows pulled one at a time from `rows` as CSV (a header line, then `cells`
 * of each row) or NDJSON (each row as JSON). A failure mid-stream is logged
 * as `what` and ends the stream with an error; a reader that goes away
 * closes `rows`.
 */
export function rowStream<T>(
  rows: AsyncGenerator<T>,
  { format, columns, cells, what }: { format: "csv" | "ndjson"; columns: readonly string[]; cells: (row: T) => Parameters<typeof csvRow>[0]; what: string },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let headerSent = format === "ndjson";
  // A reader that goes away mid-row (a download cancelled) is no failure: the row is dropped quietly.
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvRow(columns)));
        return;
      }
      try {
        const next = await rows.next();
        if (next.done) {
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(format === "csv" ? csvRow(cells(next.value)) : `${JSON.stringify(next.value)}\n`));
      } catch (error) {
        if (cancelled) return;
        console.error(`${what} failed`, error);
        controller.error(new Error("The export failed."));
      }
    },
    async cancel() {
      cancelled = true;
      await rows.return(undefined);
    },
  });
}
