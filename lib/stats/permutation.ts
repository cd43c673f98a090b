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

export const DEFAULT_PERMUTATIONS = 10000;

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

/** Cell index: 0 = colliding a, 1 = colliding b, 2 = other a, 3 = other b. */
function statistic(values: Float64Array, colliding: Uint8Array, framingB: Uint8Array): number | null {
  const sums = [0, 0, 0, 0];
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < values.length; i++) {
    const cell = (colliding[i] ? 0 : 2) + (framingB[i] ?? 0);
    sums[cell] = (sums[cell] ?? 0) + (values[i] ?? 0);
    counts[cell] = (counts[cell] ?? 0) + 1;
  }
  if (counts.some((c) => c === 0)) return null;
  const m = sums.map((s, i) => s / (counts[i] ?? 1));
  return (m[0] ?? 0) - (m[1] ?? 0) - ((m[2] ?? 0) - (m[3] ?? 0));
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
  const strata = new Map<string, number[]>();
  kept.forEach((r, i) => {
    const list = strata.get(r.stratum);
    if (list) list.push(i);
    else strata.set(r.stratum, [i]);
  });
  const random = seededRandom(options.seed ?? DEFAULT_SEED);
  const requested = options.permutations ?? DEFAULT_PERMUTATIONS;
  const permuted = Uint8Array.from(labels);
  const threshold = Math.abs(observed) - Math.abs(observed) * 100 * Number.EPSILON;
  let defined = 0;
  let extreme = 0;
  for (let k = 0; k < requested; k++) {
    for (const positions of strata.values()) {
      for (let i = positions.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        const [pi, pj] = [positions[i] ?? 0, positions[j] ?? 0];
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
