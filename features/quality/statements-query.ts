// The statements' period as the API and the pages take it. Pure: no database.
import { z } from "zod";

const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

/**
 * A calendar day as YYYY-MM-DD that exists in the (proleptic) Gregorian
 * calendar PostgreSQL uses, year 0001 to 9999: year 0000, month 13 and
 * 2026-02-30 are not days.
 */
export function isDay(text: string): boolean {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!parts) return false;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const monthDays = month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= monthDays;
}

const isoDate = (field: string) => z.string().refine(isDay, `${field} must be a date as YYYY-MM-DD.`).optional();

/** The statements' period: optional first and last days (UTC, both included). Strict: any other parameter is a 422 naming it. */
export const statementsQuery = z.strictObject({ from: isoDate("from"), to: isoDate("to") });
export type StatementsQuery = z.output<typeof statementsQuery>;

