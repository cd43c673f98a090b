"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { OH_BINS, type ModelSummary } from "./compute";

const COLOURS = ["#1d4ed8", "#b45309", "#15803d", "#7e22ce", "#be123c", "#0e7490", "#4d7c0f", "#a16207"];

/**
 * How each model's answers spread over OH (half points, as a mean of ratings
 * can fall between). The x axis is numeric, so each value's group of bars
 * sits centred on its tick; the legend sits above, clear of the axis label.
 */
export function DistributionChart({ models }: { models: ModelSummary[] }) {
  const data = OH_BINS.map((bin, i) => ({ oh: bin, ...Object.fromEntries(models.map((m) => [m.model, m.n === 0 ? 0 : (m.oh_distribution[i] ?? 0) / m.n])) }));
  return (
    <div role="img" aria-label="Distribution of omission harm per model" className="h-72 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 24, left: 16 }} barGap={1}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="oh" type="number" domain={[-0.25, 4.25]} ticks={[...OH_BINS]} interval={0} label={{ value: "omission harm", position: "insideBottom", offset: -16 }} />
          <YAxis domain={[0, (top: number) => Math.min(1, Math.ceil(top * 10) / 10)]} tickCount={6} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} label={{ value: "share of answers", angle: -90, position: "insideLeft", offset: -8 }} />
          <Tooltip formatter={(value) => (typeof value === "number" ? `${(value * 100).toFixed(1)} %` : "—")} labelFormatter={(oh) => (typeof oh === "number" ? `OH ${oh}` : "")} />
          <Legend position="top" height={28} />
          {models.map((m, i) => (
            <Bar key={m.model} dataKey={m.model} fill={COLOURS[i % COLOURS.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
