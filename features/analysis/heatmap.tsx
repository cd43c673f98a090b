import { heatShade } from "@/components/heat-shade";
import { fmt } from "./report";

/**
 * A table of values shaded by size: blue for high (or, when `diverging`,
 * red below zero and blue above), the text black or white, whichever reads
 * better on the shade. A cell with no value says so.
 */
export function Heatmap({ label, corner, rows, columns, value, max, diverging = false }: {
  label: string;
  /** What the rows and columns are, for the corner header (e.g. "Pair ↓ · model →"). */
  corner: string;
  rows: string[];
  columns: string[];
  value: (row: string, column: string) => number | null | undefined;
  max: number;
  diverging?: boolean;
}) {
  const shade = (v: number) => {
    const strength = Math.min(1, Math.abs(v) / (max || 1));
    return heatShade(diverging && v < 0 ? [190, 18, 60] : [29, 78, 216], 0.1 + 0.8 * strength);
  };
  return (
    <div className="overflow-x-auto">
      <table className="border-collapse text-sm" aria-label={label}>
        <thead>
          <tr>
            <th scope="col" className="p-1 text-left text-xs font-normal text-slate-600">{corner}</th>
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
                  <td key={c} className="h-9 min-w-14 border border-white p-1 text-center tabular-nums" style={v === null || v === undefined ? {} : shade(v)}>
                    {v === null || v === undefined ? <span className="text-xs text-slate-600">— (none scored)</span> : fmt(v, 2)}
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
