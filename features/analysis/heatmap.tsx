import { fmt } from "./report";

/**
 * A table of values shaded by size: blue for high (or, when `diverging`,
 * red below zero and blue above). Missing cells are left blank.
 */
export function Heatmap({ label, rows, columns, value, max, diverging = false }: {
  label: string;
  rows: string[];
  columns: string[];
  value: (row: string, column: string) => number | null | undefined;
  max: number;
  diverging?: boolean;
}) {
  const colour = (v: number) => {
    const strength = Math.min(1, Math.abs(v) / (max || 1));
    return diverging && v < 0 ? `rgba(190, 18, 60, ${0.1 + 0.8 * strength})` : `rgba(29, 78, 216, ${0.1 + 0.8 * strength})`;
  };
  return (
    <div className="overflow-x-auto">
      <table className="border-collapse text-sm" aria-label={label}>
        <thead>
          <tr>
            <th />
            {columns.map((c) => (
              <th key={c} scope="col" className="p-1 text-xs font-medium">{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r}>
              <th scope="row" className="p-1 text-left text-xs font-medium">{r}</th>
              {columns.map((c) => {
                const v = value(r, c);
                return (
                  <td key={c} className="h-9 min-w-14 border border-white p-1 text-center tabular-nums" style={v === null || v === undefined ? {} : { backgroundColor: colour(v), color: Math.abs(v) / (max || 1) > 0.6 ? "white" : undefined }}>
                    {fmt(v, 2)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
