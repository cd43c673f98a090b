// Pooled decoupling over a chosen set of models. Pure.
//
// Input: per model and decoupling pair, the gap (layperson − physician mean
// OH; the caller leaves out a pair the model lacks either side of). A pair
// counts when every chosen model has a gap for it; its pooled gap is the
// mean of those models' gaps, rounded to 12 decimals (so that gaps equal in
// exact arithmetic tie in the ranking). Over the counted pairs: n_pairs, n_positive
// (pooled gap > 0), mean_gap, the one-sided Wilcoxon signed-rank test
// (pooled gaps > 0) with W the sum of the positive ranks, p and the method
// used, and a 95% percentile bootstrap interval of mean_gap over pairs.
// No chosen model, or no pair counted: mean_gap, p, method and ci95 null.

import { bootstrapMeanInterval } from "./bootstrap";
import type { TestConvention, TestMethod } from "./conventions";
import { tidy } from "./descriptive";
import { wilcoxonSignedRank } from "./wilcoxon";

export interface ModelPairGap {
  model: string;
  pair: string;
  gap: number;
}

export interface PooledDecoupling {
  models: string[];
  n_pairs: number;
  n_positive: number;
  mean_gap: number | null;
  w: number;
  p: number | null;
  method: TestMethod | null;
  ci95: [number, number] | null;
  /** The counted pairs, in order of first appearance, with their pooled gap. */
  pairs: { pair: string; gap: number }[];
}

export function pooledDecoupling(
  gaps: readonly ModelPairGap[],
  models: readonly string[],
  options: { test?: TestConvention; resamples?: number; seed?: number } = {},
): PooledDecoupling {
  const chosen = [...new Set(models)];
  const byPair = new Map<string, Map<string, number>>();
  for (const { model, pair, gap } of gaps) {
    if (!chosen.includes(model) || !Number.isFinite(gap)) continue;
    const perModel = byPair.get(pair) ?? new Map<string, number>();
    if (perModel.has(model)) throw new Error(`pooledDecoupling: two gaps for model ${model} and pair ${pair}`);
    perModel.set(model, gap);
    byPair.set(pair, perModel);
  }
  const pairs =
    chosen.length === 0
      ? []
      : [...byPair].flatMap(([pair, perModel]) =>
          perModel.size === chosen.length ? [{ pair, gap: tidy(chosen.reduce((s, m) => s + (perModel.get(m) ?? 0), 0) / chosen.length) }] : [],
        );
  const values = pairs.map((p) => p.gap);
  const test = wilcoxonSignedRank(values, { test: options.test ?? "auto", alternative: "greater" });
  return {
    models: chosen,
    n_pairs: pairs.length,
    n_positive: values.filter((g) => g > 0).length,
    mean_gap: values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length,
    w: test.statistic,
    p: test.p,
    method: test.method,
    ci95: bootstrapMeanInterval(values, { resamples: options.resamples, seed: options.seed }),
    pairs,
  };
}
