// Seeded permutation test of a difference-in-differences. Pure.
//
// Records carry a stratum (e.g. the model), a framing (`a` or `b`), a group
// (`colliding` or `other`) and a value. The statistic is
//   (mean_a − mean_b over colliding) − (mean_a − mean_b over other);
// it is null when any of the four cells is empty. Under the null the framing
// labels are exchangeable within a stratum: a permutation relabels, in every
// stratum, a uniformly random subset of its records as `a`, as many as it has.
// The statistic depends only on how many records of each (group, value) cell
// land in `a`, and for a uniform subset those counts follow a multivariate
// hypergeometric law: each permutation draws them (strata in order of first
// appearance; cells colliding then other, values increasing), which is the
// same test as shuffling the labels record by record, at a cost of
// O(strata × groups × distinct values) per permutation instead of O(n).
// A permutation whose statistic is undefined (a cell emptied) is not counted.
// p (two-sided) = (1 + #{|permuted| ≥ |observed|}) / (1 + permutations),
// comparing with a relative tolerance of 100 ulps so that a permuted
// statistic equal to the observed one up to rounding counts as extreme.

import { DEFAULT_SEED } from "./bootstrap";
import { multivariateHypergeometric, seededRandom } from "./random";

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

/** The records of one stratum, tallied by (group, value) cell: colliding cells first, values increasing. */
interface Stratum {
  counts: number[];
  values: number[];
  colliding: boolean[];
  /** Records labelled `a` in the data: how many every relabelling puts in `a`. */
  framingA: number;
}

/** The statistic from the number of each cell's records in framing `a`. */
function statistic(strata: readonly Stratum[], inA: readonly (readonly number[])[]): number | null {
  let [sumCa, sumCb, sumOa, sumOb] = [0, 0, 0, 0];
  let [nCa, nCb, nOa, nOb] = [0, 0, 0, 0];
  strata.forEach((stratum, s) => {
    const a = inA[s] ?? [];
    for (let i = 0; i < stratum.counts.length; i++) {
      const [value, kA] = [stratum.values[i] ?? 0, a[i] ?? 0];
      const kB = (stratum.counts[i] ?? 0) - kA;
      if (stratum.colliding[i]) {
        sumCa += kA * value;
        nCa += kA;
        sumCb += kB * value;
        nCb += kB;
      } else {
        sumOa += kA * value;
        nOa += kA;
        sumOb += kB * value;
        nOb += kB;
      }
    }
  });
  if (nCa === 0 || nCb === 0 || nOa === 0 || nOb === 0) return null;
  return sumCa / nCa - sumCb / nCb - (sumOa / nOa - sumOb / nOb);
}

/** Tallies the finite records by stratum and cell, and the observed count of each cell in framing `a`. */
function tally(records: readonly FramingRecord[]): { strata: Stratum[]; observed: number[][] } {
  type Cell = { colliding: boolean; value: number; count: number; inA: number };
  const byStratum = new Map<string, Map<string, Cell>>();
  for (const r of records) {
    if (!Number.isFinite(r.value)) continue;
    let cells = byStratum.get(r.stratum);
    if (!cells) byStratum.set(r.stratum, (cells = new Map<string, Cell>()));
    const key = `${r.group}:${r.value}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { colliding: r.group === "colliding", value: r.value, count: 0, inA: 0 }));
    cell.count++;
    if (r.framing === "a") cell.inA++;
  }
  const strata: Stratum[] = [];
  const observed: number[][] = [];
  for (const cells of byStratum.values()) {
    const sorted = [...cells.values()].sort((x, y) => Number(y.colliding) - Number(x.colliding) || x.value - y.value);
    strata.push({
      counts: sorted.map((c) => c.count),
      values: sorted.map((c) => c.value),
      colliding: sorted.map((c) => c.colliding),
      framingA: sorted.reduce((s, c) => s + c.inA, 0),
    });
    observed.push(sorted.map((c) => c.inA));
  }
  return { strata, observed };
}

export function differenceInDifferences(records: readonly FramingRecord[]): number | null {
  const { strata, observed } = tally(records);
  return statistic(strata, observed);
}

export function permutationTestDiD(
  records: readonly FramingRecord[],
  options: { permutations?: number; seed?: number } = {},
): PermutationResult {
  const { strata, observed: observedCounts } = tally(records);
  const observed = statistic(strata, observedCounts);
  if (observed === null) return { statistic: null, p: null, permutations: 0 };
  const random = seededRandom(options.seed ?? DEFAULT_SEED);
  const requested = options.permutations ?? DEFAULT_PERMUTATIONS;
  const threshold = Math.abs(observed) - Math.abs(observed) * 100 * Number.EPSILON;
  let defined = 0;
  let extreme = 0;
  for (let k = 0; k < requested; k++) {
    const inA = strata.map((stratum) => multivariateHypergeometric(stratum.counts, stratum.framingA, random));
    const value = statistic(strata, inA);
    if (value === null) continue;
    defined++;
    if (Math.abs(value) >= threshold) extreme++;
  }
  return { statistic: observed, p: (1 + extreme) / (1 + defined), permutations: defined };
}
