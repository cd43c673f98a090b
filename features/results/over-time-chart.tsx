"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { OverTimePoint } from "./tables";

/** Quadratic kappa and within-1 agreement as double-rated answers accumulate. */
export function OverTimeChart({ points, label }: { points: OverTimePoint[]; label: string }) {
  if (points.length === 0) return <p className="text-sm text-slate-500">No double-rated answer yet.</p>;
  return (
    <div role="img" aria-label={label} className="h-56 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="n" type="number" domain={["dataMin", "dataMax"]} label={{ value: "double-rated answers", position: "insideBottom", offset: -8 }} />
          <YAxis domain={[-0.2, 1]} />
          <Tooltip formatter={(value) => (typeof value === "number" ? value.toFixed(3) : "—")} />
          <Legend />
          <Line type="monotone" dataKey="kappa_quadratic" name="κ quadratic" stroke="#1d4ed8" dot={false} isAnimationActive={false} connectNulls />
          <Line type="monotone" dataKey="within1" name="within 1" stroke="#15803d" dot={false} isAnimationActive={false} connectNulls />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
