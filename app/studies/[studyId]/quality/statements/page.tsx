import type { Metadata } from "next";
import { zodDetails } from "@/lib/api/error-response";
import { requireRole } from "@/lib/auth/session";
import { AppError, type ErrorDetail } from "@/lib/errors";
import { pageQuery } from "@/lib/page-params";
import { AREA_ROLES } from "@/lib/roles";
import { statementsQuery, studyStatements, type Statement } from "@/features/quality/statements";
import { StatementsPeriod, StatementsTable } from "@/features/quality/statements-view";
import { requireStudy } from "@/features/studies/browse";

export const metadata: Metadata = { title: "Statements" };

/** Each physician's statement for the study, for payment or CME credit: printable (no header or navigation on paper). */
export default async function StatementsPage({ params, searchParams }: { params: Promise<{ studyId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole(AREA_ROLES.results);
  const study = await requireStudy((await params).studyId);
  const parsed = statementsQuery.safeParse(await pageQuery(searchParams));
  const period = parsed.success ? parsed.data : {};
  let problems: ErrorDetail[] = parsed.success ? [] : zodDetails(parsed.error);
  let statements: Statement[] = [];
  if (problems.length === 0) {
    try {
      statements = (await studyStatements(study.id, period)).statements;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      problems = error.details;
    }
  }
  const range = period.from || period.to ? `${period.from ?? "the start"} to ${period.to ?? "today"}` : "the whole study";
  return (
    <div className="space-y-4">
      <h2 className="text-xl font-semibold">Statements: {study.name}</h2>
      <p className="text-sm text-slate-600">
        Per physician, for {range} (UTC days): ratings given (gold items, retests and adjudications included), cannot-assess records and active hours (from claiming an answer to the first submission, less
        the time the tab was hidden).
      </p>
      <StatementsPeriod studyId={study.id} period={period} />
      {problems.length > 0 ? (
        <ul role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {problems.map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
        </ul>
      ) : (
        <StatementsTable statements={statements} />
      )}
    </div>
  );
}
