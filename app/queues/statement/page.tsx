import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { zodDetails } from "@/lib/api/error-response";
import { requireRole } from "@/lib/auth/session";
import { AppError, type ErrorDetail } from "@/lib/errors";
import { pageQuery } from "@/lib/page-params";
import { AREA_ROLES } from "@/lib/roles";
import { ownStatements, statementsQuery, type OwnStatement } from "@/features/quality/statements";
import { OwnStatementsTable, StatementsPeriod } from "@/features/quality/statements-view";

export const metadata: Metadata = { title: "My statement" };

/** The physician's own statement (their counts only), per study, for payment or CME credit: printable. */
export default async function MyStatementPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireRole(AREA_ROLES.rating);
  const parsed = statementsQuery.safeParse(await pageQuery(searchParams));
  const period = parsed.success ? parsed.data : {};
  let problems: ErrorDetail[] = parsed.success ? [] : zodDetails(parsed.error);
  let statements: OwnStatement[] = [];
  if (problems.length === 0) {
    try {
      statements = await ownStatements(user.id, period);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      problems = error.details;
    }
  }
  const range = period.from || period.to ? `${period.from ?? "the start"} to ${period.to ?? "today"}` : "all time";
  return (
    <div className="space-y-4">
      <PageHeader title="My statement">
        {user.name}, {range} (UTC days): the answers you rated, the answers you could not assess and your active hours (from opening an answer to
        submitting, less the time the tab was hidden).
      </PageHeader>
      <StatementsPeriod period={period} />
      {problems.length > 0 ? (
        <ul role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {problems.map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
        </ul>
      ) : (
        <OwnStatementsTable statements={statements} />
      )}
    </div>
  );
}
