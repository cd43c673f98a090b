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
