import type { Matrix } from "./agreement";
import { quantile } from "./descriptive";
import { multinomial, seededRandom } from "./random";

export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_SEED = 20261122;

/**
 * Percentile bootstrap 95% intervals over items. Resampling n pairs with
 * replacement is a multinomial draw over the K×K cells, so each resample is
 * a new confusion matrix. A figure undefined in most resamples has no interval.
 */
export function bootstrapIntervals(
  m: Matrix,
  figures: Record<string, (resample: Matrix) => number | null>,
  options: { resamples?: number; seed?: number } = {},
): Record<string, [number, number] | null> {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const random = seededRandom(options.seed ?? DEFAULT_SEED);
  const k = m.length;
  const cells = m.flat();
  const n = cells.reduce((s, c) => s + c, 0);
  const draws: Record<string, number[]> = Object.fromEntries(Object.keys(figures).map((name) => [name, []]));
  if (n === 0) return Object.fromEntries(Object.keys(figures).map((name) => [name, null]));
  for (let r = 0; r < resamples; r++) {
    const counts = multinomial(n, cells, random);
    const resample = Array.from({ length: k }, (_, i) => counts.slice(i * k, (i + 1) * k));
    for (const [name, figure] of Object.entries(figures)) {
      const value = figure(resample);
      if (value !== null && Number.isFinite(value)) draws[name]?.push(value);
    }
  }
  return Object.fromEntries(
    Object.entries(draws).map(([name, values]) => {
      if (values.length < resamples / 2) return [name, null];
      const [low, high] = [quantile(values, 0.025), quantile(values, 0.975)];
      return [name, low === null || high === null ? null : [low, high]];
    }),
  );
}
