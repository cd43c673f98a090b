import type { DriftSlice } from "@/lib/stats/drift";

const WIDTH = 640;
const PANEL = 150;
const GAP = 44;
const LEFT = 44;
const RIGHT = 16;
const TOP = 24;
const HEIGHT = TOP + 2 * PANEL + GAP + 28;

interface LineSpec {
  label: string;
  values: (number | null)[];
  colour: string;
  dashed?: boolean;
}

/** A polyline's path through the defined points; a null breaks the line (a lone point is drawn as a dot). */
function segments(values: readonly (number | null)[], x: (i: number) => number, y: (v: number) => number): { path: string; dots: [number, number][] } {
  let path = "";
  const dots: [number, number][] = [];
  values.forEach((v, i) => {
    if (v === null) return;
    const previous = i > 0 ? values[i - 1] : null;
    const next = i + 1 < values.length ? values[i + 1] : null;
    path += `${previous === null || previous === undefined ? "M" : "L"}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
    if ((previous === null || previous === undefined) && (next === null || next === undefined)) dots.push([x(i), y(v)]);
  });
  return { path: path.trim(), dots };
}

function Panel({ top, min, max, ticks, lines, title, count }: { top: number; min: number; max: number; ticks: number[]; lines: LineSpec[]; title: string; count: number }) {
  const x = (i: number) => LEFT + (count <= 1 ? (WIDTH - LEFT - RIGHT) / 2 : (i * (WIDTH - LEFT - RIGHT)) / (count - 1));
  const y = (v: number) => top + PANEL - ((Math.min(max, Math.max(min, v)) - min) / (max - min)) * PANEL;
  return (
    <g>
      <text x={LEFT} y={top - 8} fontSize="12" fill="#334155">{title}</text>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(t)} y2={y(t)} stroke="#e2e8f0" />
          <text x={LEFT - 6} y={y(t) + 4} fontSize="11" textAnchor="end" fill="#475569">{t}</text>
        </g>
      ))}
      {lines.map((line) => {
        const { path, dots } = segments(line.values, x, y);
        return (
          <g key={line.label}>
            {path && <path d={path} fill="none" stroke={line.colour} strokeWidth={2} strokeDasharray={line.dashed ? "6 4" : undefined} />}
            {dots.map(([cx, cy], i) => <circle key={i} cx={cx} cy={cy} r={3} fill={line.colour} />)}
          </g>
        );
      })}
    </g>
  );
}

/**
 * Mean OH of the physician against the rest of the pool, and κ quadratic
 * with co-raters on OH and CH, per slice. A slice without a figure breaks the
 * line. The table beside it holds every value: it is the chart's accessible
 * alternative, and the chart's description says so.
 */
export function DriftChart({ id, name, slices }: { id: string; name: string; slices: readonly DriftSlice[] }) {
  const first = slices[0]?.label ?? "";
  const last = slices[slices.length - 1]?.label ?? "";
  const legend: LineSpec[] = [
    { label: `Mean OH, ${name}`, values: slices.map((s) => s.mean_oh.physician), colour: "#1d4ed8" },
    { label: "Mean OH, rest of the pool", values: slices.map((s) => s.mean_oh.pool), colour: "#b45309", dashed: true },
  ];
  const kappa: LineSpec[] = [
    { label: "κ quadratic with co-raters, OH", values: slices.map((s) => s.co_raters.omission_harm.kappa_quadratic), colour: "#15803d" },
    { label: "κ quadratic with co-raters, CH", values: slices.map((s) => s.co_raters.commission_harm.kappa_quadratic), colour: "#7e22ce", dashed: true },
  ];
  return (
    <figure className="space-y-2">
      <svg role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="w-full max-w-3xl rounded border border-slate-200 bg-white">
        <title id={`${id}-title`}>{`Drift of ${name}: mean OH against the pool, and κ with co-raters`}</title>
        <desc id={`${id}-desc`}>{`${slices.length} slices from ${first} to ${last}. Upper panel: mean omission harm (0–4) of ${name} and of the rest of the pool. Lower panel: quadratic κ with co-raters on omission and commission harm (−1 to 1). Every value is in the table below.`}</desc>
        <Panel top={TOP} min={0} max={4} ticks={[0, 1, 2, 3, 4]} lines={legend} title="Mean OH" count={slices.length} />
        <Panel top={TOP + PANEL + GAP} min={-1} max={1} ticks={[-1, 0, 1]} lines={kappa} title="κ quadratic with co-raters" count={slices.length} />
        <text x={LEFT} y={HEIGHT - 8} fontSize="11" fill="#475569">{first}</text>
        <text x={WIDTH - RIGHT} y={HEIGHT - 8} fontSize="11" textAnchor="end" fill="#475569">{last}</text>
      </svg>
      <figcaption>
        <ul className="flex flex-wrap gap-4 text-xs text-slate-700">
          {[...legend, ...kappa].map((line) => (
            <li key={line.label} className="flex items-center gap-1">
              <svg width="24" height="8" aria-hidden="true">
                <line x1="0" x2="24" y1="4" y2="4" stroke={line.colour} strokeWidth="2" strokeDasharray={line.dashed ? "6 4" : undefined} />
              </svg>
              {line.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
