import {
  alphaFromConfusion,
  cohenKappa,
  confusionMatrix,
  exactAgreement,
  gwetAC1,
  meanDifference,
  scoredPairs,
  withinOne,
  type Matrix,
  type Pair,
} from "./agreement";
import { bootstrapIntervals } from "./bootstrap";

/** The figures of docs/design.md §5 under the field names of the API (docs/design.md §6). */
export interface AgreementFigures {
  n: number;
  exact: number | null;
  within1: number | null;
  kappa: number | null;
  kappa_linear: number | null;
  kappa_quadratic: number | null;
  gwet_ac1: number | null;
  alpha_ordinal: number | null;
  mean_diff: number | null;
  confusion: Matrix;
  ci95: Record<string, [number, number] | null>;
}

const FIGURES = {
  exact: exactAgreement,
  within1: withinOne,
  kappa: (m: Matrix) => cohenKappa(m, "unweighted"),
  kappa_linear: (m: Matrix) => cohenKappa(m, "linear"),
  kappa_quadratic: (m: Matrix) => cohenKappa(m, "quadratic"),
  gwet_ac1: gwetAC1,
  alpha_ordinal: (m: Matrix) => alphaFromConfusion(m, "ordinal"),
  mean_diff: meanDifference,
} satisfies Record<string, (m: Matrix) => number | null>;

/**
 * Every figure of a K×K table of pairs (A in rows). `intervals: false` skips
 * the bootstrap (about 50 ms a table), for tables that show no intervals;
 * ci95 is then empty.
 */
export function agreementFromMatrix(confusion: Matrix, options: { resamples?: number; seed?: number; intervals?: boolean } = {}): AgreementFigures {
  const n = confusion.flat().reduce((s, c) => s + c, 0);
  const point = Object.fromEntries(Object.entries(FIGURES).map(([name, f]) => [name, f(confusion)])) as Record<keyof typeof FIGURES, number | null>;
  return { n, ...point, confusion, ci95: options.intervals === false ? {} : bootstrapIntervals(confusion, FIGURES, options) };
}

export function agreement(pairs: readonly Pair[], k: number, options: { resamples?: number; seed?: number } = {}): AgreementFigures {
  return agreementFromMatrix(confusionMatrix(scoredPairs(pairs), k), options);
}
