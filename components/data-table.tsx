import type { ReactNode } from "react";

export interface Column {
  label: string;
  numeric?: boolean;
}

/** The app's plain table: a header row from `columns`, the rows as children. */
export function DataTable({ columns, children, label }: { columns: (string | Column)[]; children: ReactNode; label?: string }) {
  return (
    <table className="w-full border-collapse rounded border border-slate-200 bg-white text-sm" aria-label={label}>
      <thead className="bg-slate-100 text-left">
        <tr>
          {columns.map((column, i) => {
            const { label: text, numeric } = typeof column === "string" ? { label: column, numeric: false } : column;
            return (
              <th key={i} className={`p-2 ${numeric ? "text-right" : ""}`}>
                {text}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** A body row with the table's borders. */
export function Row({ children, top = false }: { children: ReactNode; top?: boolean }) {
  return <tr className={`border-t border-slate-200 ${top ? "align-top" : ""}`}>{children}</tr>;
}
