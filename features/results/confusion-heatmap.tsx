import { heatShade } from "@/components/heat-shade";
import type { Matrix } from "@/lib/stats/agreement";

/** The K×K table of pairs, shaded by count: A in rows, B in columns. */
export function ConfusionHeatmap({ matrix, label, rowsLabel, columnsLabel }: { matrix: Matrix; label: string; rowsLabel: string; columnsLabel: string }) {
  const max = Math.max(1, ...matrix.flat());
  return (
    <table className="border-collapse text-sm" aria-label={label}>
      <thead>
        <tr>
          <th scope="col" className="p-1 text-left text-xs font-normal text-slate-600">{rowsLabel} ↓ · {columnsLabel} →</th>
          {matrix.map((_, j) => (
            <th key={j} scope="col" className="w-10 p-1 text-center">{j}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {matrix.map((row, i) => (
          <tr key={i}>
            <th scope="row" className="p-1 text-right">{i}</th>
            {row.map((count, j) => {
              const shade = count / max;
              return (
                <td key={j} className={`h-10 w-10 border border-white text-center tabular-nums ${i === j ? "font-semibold" : ""}`}
                  style={heatShade([29, 78, 216], count === 0 ? 0.04 : 0.15 + 0.85 * shade)}>
                  {count}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
