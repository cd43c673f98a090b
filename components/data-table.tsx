import type { ReactNode } from "react";

export interface Column {
  label: string;
  numeric?: boolean;
  /** The label is for screen readers only (a column of buttons). */
  hiddenLabel?: boolean;
}

/**
 * The app's plain table: a header row from `columns`, the rows as children.
 * A wide table scrolls sideways inside its own box (which the keyboard can
 * reach), never the page: it is positioned, so even visually hidden text
 * inside stays in the box. A column without a label has no header cell, so
 * no header is ever empty.
 */
export function DataTable({ columns, children, label }: { columns: (string | Column)[]; children: ReactNode; label?: string }) {
  return (
    <div className="relative overflow-x-auto" tabIndex={0} role="region" aria-label={label ?? "Table"}>
      <table className="w-full border-collapse rounded border border-slate-200 bg-white text-sm" aria-label={label}>
        <thead className="bg-slate-100 text-left">
          <tr>
            {columns.map((column, i) => {
              const { label: text, numeric = false, hiddenLabel = false } = typeof column === "string" ? { label: column } : column;
              if (text === "") return <td key={i} className="p-2" />;
              return (
                <th key={i} scope="col" className={`p-2 ${numeric ? "text-right" : ""}`}>
                  {hiddenLabel ? <span className="sr-only">{text}</span> : text}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A body row with the table's borders. */
export function Row({ children, top = false }: { children: ReactNode; top?: boolean }) {
  return <tr className={`border-t border-slate-200 ${top ? "align-top" : ""}`}>{children}</tr>;
}
