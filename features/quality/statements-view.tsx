import Link from "next/link";
import { DataTable, Row } from "@/components/data-table";
import type { OwnStatement, Statement, StatementsQuery } from "./statements";

/** The period form (GET, so the address carries it) and, for a study, the CSV link; not printed. */
export function StatementsPeriod({ studyId, period }: { studyId?: string; period: StatementsQuery }) {
  const query = new URLSearchParams(Object.entries(period).filter((e): e is [string, string] => typeof e[1] === "string")).toString();
  return (
    <form method="get" className="flex flex-wrap items-end gap-3 text-sm" data-print="hidden">
      <label className="flex flex-col">
        From
        <input type="date" name="from" defaultValue={period.from ?? ""} className="rounded border border-slate-300 px-2 py-1" />
      </label>
      <label className="flex flex-col">
        To
        <input type="date" name="to" defaultValue={period.to ?? ""} className="rounded border border-slate-300 px-2 py-1" />
      </label>
      <button type="submit" className="rounded bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700">
        Show
      </button>
      {studyId && (
        <Link href={`/api/v1/studies/${studyId}/statements.csv${query ? `?${query}` : ""}`} className="text-brand-700 underline" prefetch={false}>
          Download CSV
        </Link>
      )}
    </form>
  );
}

/** The cells both statements end with: the period worked in and the work done in it. */
function WorkCells({ work }: { work: Pick<Statement, "firstDate" | "lastDate" | "answersRated" | "cannotAssess" | "activeHours"> }) {
  return (
    <>
      <td className="p-2 tabular-nums">{work.firstDate}</td>
      <td className="p-2 tabular-nums">{work.lastDate}</td>
      <td className="p-2 text-right tabular-nums">{work.answersRated}</td>
      <td className="p-2 text-right tabular-nums">{work.cannotAssess}</td>
      <td className="p-2 text-right tabular-nums">{work.activeHours.toFixed(2)}</td>
    </>
  );
}

/** Each physician's statement: the period they worked in, ratings given (gold items, retests and adjudications included), cannot-assess records, active hours. */
export function StatementsTable({ statements }: { statements: Statement[] }) {
  if (statements.length === 0) return <p className="text-sm text-slate-600">No physician rated or recorded a cannot-assess in this period.</p>;
  return (
    <DataTable
      label="Statements per physician"
      columns={["Physician", "Email", "First day", "Last day", { label: "Ratings given", numeric: true }, { label: "Cannot assess", numeric: true }, { label: "Active hours", numeric: true }]}
    >
      {statements.map((s) => (
        <Row key={s.userId}>
          <td className="p-2">{s.physician}</td>
          <td className="p-2">{s.email}</td>
          <WorkCells work={s} />
        </Row>
      ))}
    </DataTable>
  );
}

/** A physician's own statement: one row per study. */
export function OwnStatementsTable({ statements }: { statements: OwnStatement[] }) {
  if (statements.length === 0) return <p className="text-sm text-slate-600">You rated nothing and recorded no cannot-assess in this period.</p>;
  return (
    <DataTable
      label="My statement per study"
      columns={["Study", "First day", "Last day", { label: "Ratings given", numeric: true }, { label: "Cannot assess", numeric: true }, { label: "Active hours", numeric: true }]}
    >
      {statements.map((s) => (
        <Row key={s.studyId}>
          <td className="p-2">{s.study}</td>
          <WorkCells work={s} />
        </Row>
      ))}
    </DataTable>
  );
}
