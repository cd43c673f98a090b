import "server-only";
import { z } from "zod";
import { csvRow } from "@/lib/csv";
import { prisma } from "@/lib/db/prisma";
import { invalid, notFound } from "@/lib/errors";

/** A calendar day as YYYY-MM-DD that exists (2026-02-30 does not). */
const isDay = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);

const isoDate = (field: string) => z.string().refine(isDay, `${field} must be a date as YYYY-MM-DD.`).optional();

/** The statements' period: optional first and last days (UTC, both included). Strict: any other parameter is a 422 naming it. */
export const statementsQuery = z.strictObject({ from: isoDate("from"), to: isoDate("to") });
export type StatementsQuery = z.output<typeof statementsQuery>;

/** One physician's statement for a study: what they did in the period. */
export interface Statement {
  userId: string;
  physician: string;
  email: string;
  /** The first and last day (UTC, YYYY-MM-DD) they rated or recorded a cannot-assess in the period. */
  firstDate: string;
  lastDate: string;
  answersRated: number;
  cannotAssess: number;
  /** Active hours over ratings and cannot-assess records, to two decimals. */
  activeHours: number;
}

/** A period whose last day comes before its first is a 422 naming `to`. */
function checkPeriod({ from, to }: StatementsQuery): void {
  if (from !== undefined && to !== undefined && to < from) throw invalid("The period ends before it starts.", [{ field: "to", message: "to must be on or after from." }]);
}

/**
 * Every physician's statement for a study: the dates of their first and last
 * submission in the period, the answers they rated, their cannot-assess
 * records, and their active hours (active time: claim to first submission
 * less the time the tab was hidden). `userId` narrows it to one physician.
 * Dated by the first submission of each assignment (an edit moves nothing).
 */
export async function studyStatements(studyId: string, period: StatementsQuery, userId?: string): Promise<{ study: string; statements: Statement[] }> {
  checkPeriod(period);
  const study = await prisma.study.findUnique({ where: { id: studyId }, select: { name: true } });
  if (!study) throw notFound("The study");
  const from = period.from ?? null;
  const to = period.to ?? null;
  const rows = await prisma.$queryRaw<{ user_id: string; physician: string; email: string; first_date: string; last_date: string; rated: number; cannot_assess: number; seconds: number }[]>`
    SELECT a.user_id, u.name AS physician, u.email,
           to_char(min(a.submitted_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS first_date,
           to_char(max(a.submitted_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS last_date,
           count(*) FILTER (WHERE a.status = 'submitted')::int AS rated,
           count(*) FILTER (WHERE a.status = 'cannot_assess')::int AS cannot_assess,
           COALESCE(sum(a.active_seconds), 0)::int AS seconds
    FROM assignments a
    JOIN queue_items qi ON qi.id = a.queue_item_id
    JOIN queues q ON q.id = qi.queue_id
    JOIN users u ON u.id = a.user_id
    WHERE q.study_id = ${studyId}::uuid AND a.status IN ('submitted', 'cannot_assess')
      AND (${from}::date IS NULL OR a.submitted_at >= (${from}::date)::timestamp AT TIME ZONE 'UTC')
      AND (${to}::date IS NULL OR a.submitted_at < ((${to}::date + 1))::timestamp AT TIME ZONE 'UTC')
      AND (${userId ?? null}::uuid IS NULL OR a.user_id = ${userId ?? null}::uuid)
    GROUP BY a.user_id, u.name, u.email
    ORDER BY u.name, u.email`;
  return {
    study: study.name,
    statements: rows.map((r) => ({
      userId: r.user_id,
      physician: r.physician,
      email: r.email,
      firstDate: r.first_date,
      lastDate: r.last_date,
      answersRated: r.rated,
      cannotAssess: r.cannot_assess,
      activeHours: Math.round((r.seconds / 3600) * 100) / 100,
    })),
  };
}

/** One study of a physician's own statement. */
export interface OwnStatement {
  studyId: string;
  study: string;
  firstDate: string;
  lastDate: string;
  answersRated: number;
  cannotAssess: number;
  activeHours: number;
}

/**
 * A physician's own statement, one row per study they rated in (or recorded
 * a cannot-assess in) during the period: their own counts only, nothing of
 * any other rater and nothing that identifies an answer.
 */
export async function ownStatements(userId: string, period: StatementsQuery): Promise<OwnStatement[]> {
  checkPeriod(period);
  const from = period.from ?? null;
  const to = period.to ?? null;
  const rows = await prisma.$queryRaw<{ study_id: string; study: string; first_date: string; last_date: string; rated: number; cannot_assess: number; seconds: number }[]>`
    SELECT st.id AS study_id, st.name AS study,
           to_char(min(a.submitted_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS first_date,
           to_char(max(a.submitted_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS last_date,
           count(*) FILTER (WHERE a.status = 'submitted')::int AS rated,
           count(*) FILTER (WHERE a.status = 'cannot_assess')::int AS cannot_assess,
           COALESCE(sum(a.active_seconds), 0)::int AS seconds
    FROM assignments a
    JOIN queue_items qi ON qi.id = a.queue_item_id
    JOIN queues q ON q.id = qi.queue_id
    JOIN studies st ON st.id = q.study_id
    WHERE a.user_id = ${userId}::uuid AND a.status IN ('submitted', 'cannot_assess')
      AND (${from}::date IS NULL OR a.submitted_at >= (${from}::date)::timestamp AT TIME ZONE 'UTC')
      AND (${to}::date IS NULL OR a.submitted_at < ((${to}::date + 1))::timestamp AT TIME ZONE 'UTC')
    GROUP BY st.id, st.name
    ORDER BY st.name`;
  return rows.map((r) => ({
    studyId: r.study_id,
    study: r.study,
    firstDate: r.first_date,
    lastDate: r.last_date,
    answersRated: r.rated,
    cannotAssess: r.cannot_assess,
    activeHours: Math.round((r.seconds / 3600) * 100) / 100,
  }));
}

export const STATEMENT_COLUMNS = ["physician", "email", "first_date", "last_date", "answers_rated", "cannot_assess", "active_hours"] as const;

/** The statements as CSV: a header, then one row per physician. */
export function statementsCsv(statements: Statement[]): string {
  return [
    csvRow(STATEMENT_COLUMNS),
    ...statements.map((s) => csvRow([s.physician, s.email, s.firstDate, s.lastDate, s.answersRated, s.cannotAssess, s.activeHours.toFixed(2)])),
  ].join("");
}

/** The CSV's file name: the study's name and the period, with anything but letters, digits, ".", "-" and "_" as "-". */
export function statementsFilename(study: string, { from, to }: StatementsQuery): string {
  const period = [from ? `from-${from}` : "", to ? `to-${to}` : ""].filter(Boolean).join("-");
  return `statements-${study}${period ? `-${period}` : ""}.csv`.replace(/[^A-Za-z0-9._-]+/g, "-");
}
