"use client";

import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { OverTimePoint } from "./tables";

/**
 * Quadratic kappa (with its 95% band, computed at every few points and held
 * until the next) and within-1 agreement as double-rated answers accumulate.
 * Each point holds until the next, so the lines are steps, not curves; the x
 * axis counts answers, so its ticks are whole.
 */
export function OverTimeChart({ points, label }: { points: OverTimePoint[]; label: string }) {
  if (points.length === 0) return <p className="text-sm text-slate-600">No double-rated answer yet.</p>;
  const data = points.map((p) => ({ ...p, band: p.kappa_quadratic_ci95 ?? undefined }));
  return (
    <div role="img" aria-label={label} className="h-64 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 24, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="n" type="number" domain={["dataMin", "dataMax"]} allowDecimals={false} label={{ value: "double-rated answers", position: "insideBottom", offset: -16 }} />
          <YAxis domain={[-1, 1]} ticks={[-1, -0.5, 0, 0.5, 1]} allowDataOverflow tickFormatter={(v: number) => v.toFixed(1)} />
          <Tooltip formatter={(value) => (typeof value === "number" ? value.toFixed(3) : Array.isArray(value) ? value.map((v: number) => v.toFixed(3)).join(" – ") : "—")} />
          <Legend position="top" height={28} />
          <Area type="stepAfter" dataKey="band" name="κ quadratic 95% interval" stroke="none" fill="#1d4ed8" fillOpacity={0.15} isAnimationActive={false} connectNulls />
          <Line type="stepAfter" dataKey="kappa_quadratic" name="κ quadratic" stroke="#1d4ed8" dot={false} isAnimationActive={false} connectNulls />
          <Line type="stepAfter" dataKey="within1" name="within 1" stroke="#15803d" dot={false} isAnimationActive={false} connectNulls />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
