import "server-only";
import { csvRow } from "@/lib/csv";
import { prisma, Prisma } from "@/lib/db/prisma";
import { invalid, notFound } from "@/lib/errors";
import type { StatementsQuery } from "./statements-query";

export { statementsQuery, type StatementsQuery } from "./statements-query";

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

interface StatementRow {
  user_id: string;
  physician: string;
  email: string;
  study_id: string;
  study: string;
  first_date: string;
  last_date: string;
  rated: number;
  cannot_assess: number;
  seconds: number;
}

/**
 * The statements' one query: per physician and study, the first and last day
 * (UTC) of a submission (a rating or a cannot-assess) in the period, the
 * counts of each and the active seconds, narrowed to a study, a physician or
 * both. Each assignment is dated by its first submission (an edit moves nothing).
 */
async function statementRows(scope: { studyId?: string | undefined; userId?: string | undefined }, { from, to }: StatementsQuery): Promise<StatementRow[]> {
  const where = [Prisma.sql`a.status IN ('submitted', 'cannot_assess')`];
  if (scope.studyId !== undefined) where.push(Prisma.sql`q.study_id = ${scope.studyId}::uuid`);
  if (scope.userId !== undefined) where.push(Prisma.sql`a.user_id = ${scope.userId}::uuid`);
  if (from !== undefined) where.push(Prisma.sql`a.submitted_at >= (${from}::date)::timestamp AT TIME ZONE 'UTC'`);
  if (to !== undefined) where.push(Prisma.sql`a.submitted_at < ((${to}::date + 1))::timestamp AT TIME ZONE 'UTC'`);
  return prisma.$queryRaw<StatementRow[]>`
    SELECT a.user_id, u.name AS physician, u.email, st.id AS study_id, st.name AS study,
           to_char(min(a.submitted_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS first_date,
           to_char(max(a.submitted_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS last_date,
           count(*) FILTER (WHERE a.status = 'submitted')::int AS rated,
           count(*) FILTER (WHERE a.status = 'cannot_assess')::int AS cannot_assess,
           COALESCE(sum(a.active_seconds), 0)::int AS seconds
    FROM assignments a
    JOIN queue_items qi ON qi.id = a.queue_item_id
    JOIN queues q ON q.id = qi.queue_id
    JOIN users u ON u.id = a.user_id
    JOIN studies st ON st.id = q.study_id
    WHERE ${Prisma.join(where, " AND ")}
    GROUP BY a.user_id, u.name, u.email, st.id, st.name
    ORDER BY st.name, st.id, u.name, u.email, a.user_id`;
}

/** Active seconds as hours, to two decimals. */
const hours = (seconds: number) => Math.round((seconds / 3600) * 100) / 100;

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
  const rows = await statementRows({ studyId, userId }, period);
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
      activeHours: hours(r.seconds),
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
  const rows = await statementRows({ userId }, period);
  return rows.map((r) => ({
    studyId: r.study_id,
    study: r.study,
    firstDate: r.first_date,
    lastDate: r.last_date,
    answersRated: r.rated,
    cannotAssess: r.cannot_assess,
    activeHours: hours(r.seconds),
  }));
}

export const STATEMENT_COLUMNS = ["physician", "email", "first_date", "last_date", "ratings_given", "cannot_assess", "active_hours"] as const;

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
