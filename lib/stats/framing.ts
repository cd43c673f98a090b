// Figures by framing, over the analysis's inputs flattened to plain records.
// Pure.
//
// Hit rates by framing: action-level values (hit 1, partial 0.5, miss 0)
// carrying their model, the framing of their scenario and whether the action
// is safety-colliding. Over the chosen models (default: every model present)
// and per chosen model:
// - per framing × colliding: n, hit rate (mean value) and its 95% bootstrap
//   interval over the values;
// - for every framing other than the reference (default `physician`), on
//   colliding and on other actions: the two rates and a two-sided
//   Mann–Whitney U of the framing's values against the reference's;
// - the difference-in-differences (framing − reference on colliding, minus
//   the same on the others) with the seeded permutation test, framing labels
//   permuted within model.
// Content filtered by framing: per model × framing with answers, n answers,
// n filtered, the share and its 95% bootstrap interval over the answers.
// Empty groups give null figures, never NaN.

import { bootstrapMeanInterval } from "./bootstrap";
import type { TestConvention, TestMethod } from "./conventions";
import { mannWhitneyU } from "./mann-whitney";
import { type FramingRecord, permutationTestDiD } from "./permutation";

export interface ActionValue {
  model: string;
  framing: string;
  colliding: boolean;
  value: number;
}

export interface FramingOptions {
  /** The models to pool over and report; default every model present, in order of first appearance. */
  models?: readonly string[];
  /** The framing every other framing is compared with; default "physician". */
  reference?: string;
  test?: TestConvention;
  permutations?: number;
  resamples?: number;
  seed?: number;
}

export interface FramingCell {
  framing: string;
  colliding: boolean;
  n: number;
  hit_rate: number | null;
  ci95: [number, number] | null;
}

export interface RankComparison {
  n: number;
  n_reference: number;
  hit_rate: number | null;
  hit_rate_reference: number | null;
  /** U of the framing's values (U₁ with the framing's values first). */
  u: number | null;
  p: number | null;
  method: TestMethod | null;
}

export interface FramingComparison {
  framing: string;
  reference: string;
  colliding: RankComparison;
  other: RankComparison;
  difference_in_differences: { statistic: number | null; p: number | null; permutations: number };
}

export interface FramingFigures {
  cells: FramingCell[];
  comparisons: FramingComparison[];
}

export interface HitRatesByFraming extends FramingFigures {
  models: string[];
  reference: string;
  per_model: (FramingFigures & { model: string })[];
}

const meanOf = (values: readonly number[]) => (values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length);
const unique = (values: readonly string[]) => [...new Set(values)];

function figures(values: readonly ActionValue[], framings: readonly string[], reference: string, options: FramingOptions): FramingFigures {
  const bootstrap = { resamples: options.resamples, seed: options.seed };
  const of = (framing: string, colliding: boolean) => values.filter((v) => v.framing === framing && v.colliding === colliding).map((v) => v.value);
  const cells = framings.flatMap((framing) =>
    [true, false].map((colliding) => {
      const list = of(framing, colliding);
      return { framing, colliding, n: list.length, hit_rate: meanOf(list), ci95: bootstrapMeanInterval(list, bootstrap) };
    }),
  );
  const compare = (framing: string, colliding: boolean): RankComparison => {
    const [mine, theirs] = [of(framing, colliding), of(reference, colliding)];
    const test = mannWhitneyU(mine, theirs, { test: options.test });
    return { n: mine.length, n_reference: theirs.length, hit_rate: meanOf(mine), hit_rate_reference: meanOf(theirs), u: test.statistic, p: test.p, method: test.method };
  };
  const comparisons = framings
    .filter((framing) => framing !== reference)
    .map((framing) => {
      const records: FramingRecord[] = values.flatMap((v) =>
        v.framing === framing || v.framing === reference
          ? [{ stratum: v.model, framing: v.framing === framing ? "a" : "b", group: v.colliding ? "colliding" : "other", value: v.value }]
          : [],
      );
      return {
        framing,
        reference,
        colliding: compare(framing, true),
        other: compare(framing, false),
        difference_in_differences: permutationTestDiD(records, { permutations: options.permutations, seed: options.seed }),
      };
    });
  return { cells, comparisons };
}

export function hitRatesByFraming(values: readonly ActionValue[], options: FramingOptions = {}): HitRatesByFraming {
  const reference = options.reference ?? "physician";
  const finite = values.filter((v) => Number.isFinite(v.value));
  const models = options.models ? unique(options.models) : unique(finite.map((v) => v.model));
  const chosen = finite.filter((v) => models.includes(v.model));
  const present = unique(chosen.map((v) => v.framing));
  // The reference first, then the others in order of first appearance.
  const framings = present.includes(reference) ? [reference, ...present.filter((f) => f !== reference)] : present;
  return {
    models,
    reference,
    ...figures(chosen, framings, reference, options),
    per_model: models.map((model) => ({ model, ...figures(chosen.filter((v) => v.model === model), framings, reference, options) })),
  };
}

export interface FilteredAnswer {
  model: string;
  framing: string;
  filtered: boolean;
}

export interface FilteredShare {
  model: string;
  framing: string;
  n: number;
  n_filtered: number;
  share: number | null;
  ci95: [number, number] | null;
}

/** Content-filtered share per model × framing (models, then framings, in order of first appearance). */
export function filteredByFraming(answers: readonly FilteredAnswer[], options: { models?: readonly string[]; resamples?: number; seed?: number } = {}): FilteredShare[] {
  const models = options.models ? unique(options.models) : unique(answers.map((a) => a.model));
  const chosen = answers.filter((a) => models.includes(a.model));
  const framings = unique(chosen.map((a) => a.framing));
  return models.flatMap((model) =>
    framings.flatMap((framing) => {
      const flags = chosen.filter((a) => a.model === model && a.framing === framing).map((a) => (a.filtered ? 1 : 0));
      if (flags.length === 0) return [];
      const nFiltered = flags.reduce<number>((s, f) => s + f, 0);
      return [{ model, framing, n: flags.length, n_filtered: nFiltered, share: nFiltered / flags.length, ci95: bootstrapMeanInterval(flags, options) }];
    }),
  );
}
