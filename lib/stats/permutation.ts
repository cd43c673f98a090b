// Seeded permutation test of a difference-in-differences. Pure.
//
// Records carry a stratum (e.g. the model), a framing (`a` or `b`), a group
// (`colliding` or `other`) and a value. The statistic is
//   (mean_a − mean_b over colliding) − (mean_a − mean_b over other);
// it is null when any of the four cells is empty. Under the null the framing
// labels are exchangeable within a stratum: each permutation shuffles the
// labels within every stratum (Fisher–Yates with the seeded generator,
// strata in order of first appearance, positions from last to first). A
// permutation whose statistic is undefined (a cell emptied) is not counted.
// p (two-sided) = (1 + #{|permuted| ≥ |observed|}) / (1 + permutations),
// comparing with a relative tolerance of 100 ulps so that a permuted
// statistic equal to the observed one up to rounding counts as extreme.

import { DEFAULT_SEED } from "./bootstrap";
import { seededRandom } from "./random";

/** As many as the bootstrap draws resamples (DEFAULT_RESAMPLES); callers may ask for more. */
export const DEFAULT_PERMUTATIONS = 2000;

export interface FramingRecord {
  stratum: string;
  framing: "a" | "b";
  group: "colliding" | "other";
  value: number;
}

export interface PermutationResult {
  statistic: number | null;
  p: number | null;
  /** Permutations whose statistic was defined (the denominator's count). */
  permutations: number;
}

function statistic(values: Float64Array, colliding: Uint8Array, framingB: Uint8Array): number | null {
  let [sumCa, sumCb, sumOa, sumOb] = [0, 0, 0, 0];
  let [nCa, nCb, nOa, nOb] = [0, 0, 0, 0];
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? 0;
    if (colliding[i]) {
      if (framingB[i]) {
        sumCb += value;
        nCb++;
      } else {
        sumCa += value;
        nCa++;
      }
    } else if (framingB[i]) {
      sumOb += value;
      nOb++;
    } else {
      sumOa += value;
      nOa++;
    }
  }
  if (nCa === 0 || nCb === 0 || nOa === 0 || nOb === 0) return null;
  return sumCa / nCa - sumCb / nCb - (sumOa / nOa - sumOb / nOb);
}

export function differenceInDifferences(records: readonly FramingRecord[]): number | null {
  const kept = records.filter((r) => Number.isFinite(r.value));
  return statistic(
    Float64Array.from(kept, (r) => r.value),
    Uint8Array.from(kept, (r) => (r.group === "colliding" ? 1 : 0)),
    Uint8Array.from(kept, (r) => (r.framing === "b" ? 1 : 0)),
  );
}

export function permutationTestDiD(
  records: readonly FramingRecord[],
  options: { permutations?: number; seed?: number } = {},
): PermutationResult {
  const kept = records.filter((r) => Number.isFinite(r.value));
  const values = Float64Array.from(kept, (r) => r.value);
  const colliding = Uint8Array.from(kept, (r) => (r.group === "colliding" ? 1 : 0));
  const labels = Uint8Array.from(kept, (r) => (r.framing === "b" ? 1 : 0));
  const observed = statistic(values, colliding, labels);
  if (observed === null) return { statistic: null, p: null, permutations: 0 };
  const byStratum = new Map<string, number[]>();
  kept.forEach((r, i) => {
    const list = byStratum.get(r.stratum);
    if (list) list.push(i);
    else byStratum.set(r.stratum, [i]);
  });
  const strata = [...byStratum.values()].map((positions) => Int32Array.from(positions));
  const random = seededRandom(options.seed ?? DEFAULT_SEED);
  const requested = options.permutations ?? DEFAULT_PERMUTATIONS;
  const permuted = Uint8Array.from(labels);
  const threshold = Math.abs(observed) - Math.abs(observed) * 100 * Number.EPSILON;
  let defined = 0;
  let extreme = 0;
  for (let k = 0; k < requested; k++) {
    for (const positions of strata) {
      for (let i = positions.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        const pi = positions[i] ?? 0;
        const pj = positions[j] ?? 0;
        const swap = permuted[pi] ?? 0;
        permuted[pi] = permuted[pj] ?? 0;
        permuted[pj] = swap;
      }
    }
    const value = statistic(values, colliding, permuted);
    if (value === null) continue;
    defined++;
    if (Math.abs(value) >= threshold) extreme++;
  }
  return { statistic: observed, p: (1 + extreme) / (1 + defined), permutations: defined };
}
