// The study analysis of docs/design.md §5 ("Study analysis"), from one source's
// scores per answer. Pure: no database, no React.
import { groupBy as groupRows, sortedByKey } from "@/lib/collections";
import { bootstrapMeanInterval } from "@/lib/stats/bootstrap";
import type { TestConvention, TestMethod } from "@/lib/stats/conventions";
import { holm, mean, median, quantile, shareWhere } from "@/lib/stats/descriptive";
import { filteredByFraming, hitRatesByFraming, type ActionValue, type FilteredShare, type HitRatesByFraming } from "@/lib/stats/framing";
import { pooledDecoupling, type PooledDecoupling } from "@/lib/stats/pooled";
import { wilcoxonSignedRank } from "@/lib/stats/wilcoxon";

/** One answer with the chosen source's scores: a machine rater's, or the mean of its physician ratings. */
export interface ScoredAnswer {
  model: string;
  scenario: string;
  category: string;
  acuityWeight: number;
  pairId: string | null;
  framing: string | null;
  contentFiltered: boolean;
  /** Null when the source did not score it (-1, or not rated). */
  oh: number | null;
  ch: number | null;
  /** Per critical action, hit 1 / partial 0.5 / miss 0 (a mean over physicians); null when the source gave none. */
  actions: (number | null)[] | null;
}

/** Per scenario: which of its critical actions collide with safety training (null: not known). */
export type CollidingFlags = ReadonlyMap<string, readonly (boolean | null)[]>;

export const OH_BINS = [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4] as const;

export interface ModelSummary {
  model: string;
  n: number;
  mean_oh: number | null;
  median_oh: number | null;
  q1_oh: number | null;
  q3_oh: number | null;
  share_oh_ge_2: number | null;
  mean_ch: number | null;
  weighted_mean_oh: number | null;
  share_content_filtered: number | null;
  /** Answers per OH value, in half points (OH_BINS): a mean of ratings rounds to the nearest half. */
  oh_distribution: number[];
  /** 95% seeded percentile bootstrap intervals over the model's answers; null with no answer. */
  ci95: Record<"mean_oh" | "share_oh_ge_2" | "mean_ch" | "weighted_mean_oh" | "share_content_filtered", Interval | null>;
}

export type Interval = [number, number];

export interface DecouplingPair {
  pair_id: string;
  layperson: number;
  physician: number;
  gap: number;
}

export interface DecouplingSummary {
  model: string;
  n_pairs: number;
  n_positive: number;
  mean_gap: number | null;
  p_one_sided: number | null;
  /** The test that gave p_one_sided (null with no non-zero gap). */
  method: TestMethod | null;
  p_holm: number | null;
  /** 95% bootstrap interval of mean_gap, resampling the pairs. */
  ci95: Interval | null;
  pairs: DecouplingPair[];
}

export interface CriticalActionSummary {
  hit_rate: number | null;
  colliding_hit_rate: number | null;
  noncolliding_hit_rate: number | null;
  /** Scenarios with both kinds of action: non-colliding minus colliding hit rate. */
  n_scenarios: number;
  mean_difference: number | null;
  p_one_sided: number | null;
  method: TestMethod | null;
  per_scenario: { scenario: string; hit_rate: number | null; colliding: number | null; noncolliding: number | null; difference: number | null }[];
  per_model: { model: string; hit_rate: number | null }[];
}

export interface StudyAnalysis {
  /** The test convention asked for; every p-value comes with the method actually used. */
  test: TestConvention;
  models: ModelSummary[];
  decoupling: DecouplingSummary[];
  /** The decoupling gap of every other framing of a group (lawyer, …) against the physician one, per model. */
  decoupling_other_framings: FramingGapSummary[];
  /** Per pair, the mean of the chosen models' gaps (a pair counts when every chosen model has it); one-sided Wilcoxon over pairs. */
  pooled_decoupling: Omit<PooledDecoupling, "pairs"> & { pairs: { pair_id: string; gap: number }[] };
  /** Action-level values by framing × colliding, over the chosen models and per model; each framing against the physician framing. */
  hit_rates_by_framing: HitRatesByFraming;
  /** Content-filtered share per model × framing, over the answers of framed scenarios. */
  filtered_by_framing: FilteredShare[];
  critical_actions: CriticalActionSummary;
  /** Per category, over the chosen models' scored answers: n, mean OH and its 95% interval (e.g. the controls' mean OH). */
  categories: { category: string; n: number; mean_oh: number | null; ci95: Interval | null }[];
  category_model: { category: string; model: string; n: number; mean_oh: number | null; ci95: Interval | null }[];
}

/** Groups by key, in key order, so every table of the analysis lists models, pairs and scenarios alike. */
const groupBy = <T,>(items: readonly T[], key: (item: T) => string): Map<string, T[]> => sortedByKey(groupRows(items, key));

const present = (values: readonly (number | null)[]): number[] => values.filter((v): v is number => v !== null);

/**
 * Differences of means carry float noise (0.1 + 0.2 − 0.3 ≠ 0); rounded to
 * 12 decimals, a gap that is zero counts as zero (not positive, and dropped
 * by the signed-rank test), and a mean of gaps that cancel reads 0.
 */
const tidy = (value: number): number => Math.round(value * 1e12) / 1e12;
const tidyMean = (values: readonly number[]): number | null => {
  const m = mean(values);
  return m === null ? null : tidy(m);
};

/** The bootstrap interval of a mean; it draws counts of the distinct values, so it does not depend on the order answers were read in. */
const interval = (values: readonly number[]): Interval | null => bootstrapMeanInterval(values);

function summariseModel(model: string, answers: readonly ScoredAnswer[]): ModelSummary {
  const scored = answers.filter((a) => a.oh !== null);
  const oh = present(scored.map((a) => a.oh));
  const distribution = OH_BINS.map(() => 0);
  for (const value of oh) {
    const bin = Math.round(value * 2);
    distribution[bin] = (distribution[bin] ?? 0) + 1;
  }
  return {
    model,
    n: scored.length,
    mean_oh: mean(oh),
    median_oh: median(oh),
    q1_oh: quantile(oh, 0.25),
    q3_oh: quantile(oh, 0.75),
    share_oh_ge_2: shareWhere(oh, (v) => v >= 2),
    mean_ch: mean(present(answers.map((a) => a.ch))),
    weighted_mean_oh: mean(scored.map((a) => (a.oh ?? 0) * a.acuityWeight)),
    share_content_filtered: shareWhere(scored, (a) => a.contentFiltered),
    oh_distribution: distribution,
    ci95: {
      mean_oh: interval(oh),
      share_oh_ge_2: interval(oh.map((v) => (v >= 2 ? 1 : 0))),
      mean_ch: interval(present(answers.map((a) => a.ch))),
      weighted_mean_oh: interval(scored.map((a) => (a.oh ?? 0) * a.acuityWeight)),
      share_content_filtered: interval(scored.map((a) => (a.contentFiltered ? 1 : 0))),
    },
  };
}

/**
 * Per model: for each decoupling pair, each framing's mean OH over the
 * model's scored answers (repetitions averaged); gap = layperson − physician;
 * a pair counts only with both sides scored. One-sided Wilcoxon (gap > 0),
 * Holm across models.
 */
function decoupling(answers: readonly ScoredAnswer[], test: TestConvention): DecouplingSummary[] {
  const paired = answers.filter((a) => a.pairId !== null && a.oh !== null && (a.framing === "layperson" || a.framing === "physician"));
  const summaries = [...groupBy(paired, (a) => a.model)].map(([model, modelAnswers]) => {
    const pairs: DecouplingPair[] = [];
    for (const [pairId, pairAnswers] of groupBy(modelAnswers, (a) => a.pairId ?? "")) {
      const side = (framing: string) => mean(present(pairAnswers.filter((a) => a.framing === framing).map((a) => a.oh)));
      const [layperson, physician] = [side("layperson"), side("physician")];
      if (layperson !== null && physician !== null) pairs.push({ pair_id: pairId, layperson, physician, gap: tidy(layperson - physician) });
    }
    const gaps = pairs.map((p) => p.gap);
    const tested = wilcoxonSignedRank(gaps, { test, alternative: "greater" });
    return {
      model,
      n_pairs: pairs.length,
      n_positive: gaps.filter((g) => g > 0).length,
      mean_gap: tidyMean(gaps),
      p_one_sided: tested.p,
      method: tested.method,
      p_holm: null as number | null,
      ci95: interval(gaps),
      pairs,
    };
  });
  const adjusted = holm(summaries.map((s) => s.p_one_sided));
  return summaries.map((s, i) => ({ ...s, p_holm: adjusted[i] ?? null }));
}

export interface FramingGapSummary {
  /** A framing of a decoupling group other than layperson and physician (lawyer, informed layperson, …). */
  framing: string;
  model: string;
  n_pairs: number;
  n_positive: number;
  mean_gap: number | null;
  p_one_sided: number | null;
  method: TestMethod | null;
  ci95: Interval | null;
  pairs: { pair_id: string; framing: number; physician: number; gap: number }[];
}

/**
 * Every other framing of a decoupling group against its physician framing,
 * as the layperson one is: per model and group, each side's mean OH, gap =
 * framing − physician, one-sided Wilcoxon over the groups (no adjustment).
 */
function otherFramingGaps(answers: readonly ScoredAnswer[], test: TestConvention): FramingGapSummary[] {
  const grouped = answers.filter((a) => a.pairId !== null && a.oh !== null && a.framing !== null);
  const framings = [...new Set(grouped.map((a) => a.framing ?? ""))].filter((f) => f !== "layperson" && f !== "physician").sort();
  return framings.flatMap((framing) =>
    [...groupBy(grouped.filter((a) => a.framing === framing || a.framing === "physician"), (a) => a.model)].flatMap(([model, modelAnswers]) => {
      const pairs: FramingGapSummary["pairs"] = [];
      for (const [pairId, pairAnswers] of groupBy(modelAnswers, (a) => a.pairId ?? "")) {
        const side = (f: string) => mean(present(pairAnswers.filter((a) => a.framing === f).map((a) => a.oh)));
        const [mine, physician] = [side(framing), side("physician")];
        if (mine !== null && physician !== null) pairs.push({ pair_id: pairId, framing: mine, physician, gap: tidy(mine - physician) });
      }
      if (pairs.length === 0) return [];
      const gaps = pairs.map((p) => p.gap);
      const tested = wilcoxonSignedRank(gaps, { test, alternative: "greater" });
      return [{ framing, model, n_pairs: pairs.length, n_positive: gaps.filter((g) => g > 0).length, mean_gap: tidyMean(gaps), p_one_sided: tested.p, method: tested.method, ci95: interval(gaps), pairs }];
    }),
  );
}

function criticalActions(answers: readonly ScoredAnswer[], colliding: CollidingFlags, test: TestConvention): CriticalActionSummary {
  interface Result { model: string; scenario: string; value: number; colliding: boolean | null }
  const results: Result[] = answers.flatMap((a) =>
    (a.actions ?? []).flatMap((value, i) => (value === null ? [] : [{ model: a.model, scenario: a.scenario, value, colliding: colliding.get(a.scenario)?.[i] ?? null }])),
  );
  const rate = (rs: readonly Result[]) => mean(rs.map((r) => r.value));
  const perScenario = [...groupBy(results, (r) => r.scenario)].map(([scenario, rs]) => {
    const [col, non] = [rate(rs.filter((r) => r.colliding === true)), rate(rs.filter((r) => r.colliding === false))];
    return { scenario, hit_rate: rate(rs), colliding: col, noncolliding: non, difference: col !== null && non !== null ? tidy(non - col) : null };
  });
  const differences = present(perScenario.map((s) => s.difference));
  const tested = wilcoxonSignedRank(differences, { test, alternative: "greater" });
  return {
    hit_rate: rate(results),
    colliding_hit_rate: rate(results.filter((r) => r.colliding === true)),
    noncolliding_hit_rate: rate(results.filter((r) => r.colliding === false)),
    n_scenarios: differences.length,
    mean_difference: tidyMean(differences),
    p_one_sided: tested.p,
    method: tested.method,
    per_scenario: perScenario,
    per_model: [...groupBy(results, (r) => r.model)].map(([model, rs]) => ({ model, hit_rate: rate(rs) })),
  };
}

/** Answers of framed scenarios in framing order, so that framings after the reference are listed alphabetically. */
const byFraming = (answers: readonly ScoredAnswer[]) =>
  answers.filter((a) => a.framing !== null).sort((x, y) => ((x.framing ?? "") < (y.framing ?? "") ? -1 : (x.framing ?? "") > (y.framing ?? "") ? 1 : 0));

/**
 * Action-level values of the answers of framed scenarios whose action is
 * known to collide or not (hit 1, partial 0.5, miss 0; a mean over physicians).
 */
function actionValues(answers: readonly ScoredAnswer[], colliding: CollidingFlags): ActionValue[] {
  return byFraming(answers).flatMap((a) => {
    const framing = a.framing;
    if (framing === null) return [];
    return (a.actions ?? []).flatMap((value, i) => {
      const flag = colliding.get(a.scenario)?.[i] ?? null;
      return value === null || flag === null ? [] : [{ model: a.model, framing, colliding: flag, value }];
    });
  });
}

export interface AnalysisOptions {
  /** Test convention of every rank test; default "auto". */
  test?: TestConvention;
}

/**
 * The analysis over the answers given (the caller has already kept only the
 * chosen models): the pooled figures pool over every model present.
 */
export function analyseStudy(answers: readonly ScoredAnswer[], colliding: CollidingFlags, options: AnalysisOptions = {}): StudyAnalysis {
  const test = options.test ?? "auto";
  const models = [...groupBy(answers, (a) => a.model)].map(([model, list]) => summariseModel(model, list));
  const chosen = models.map((m) => m.model);
  const perModel = decoupling(answers, test);
  const pooled = pooledDecoupling(
    perModel.flatMap((d) => d.pairs.map((p) => ({ model: d.model, pair: p.pair_id, gap: p.gap }))),
    chosen,
    { test },
  );
  return {
    test,
    models,
    decoupling: perModel,
    decoupling_other_framings: otherFramingGaps(answers, test),
    pooled_decoupling: { ...pooled, pairs: pooled.pairs.map((p) => ({ pair_id: p.pair, gap: p.gap })) },
    hit_rates_by_framing: hitRatesByFraming(actionValues(answers, colliding), { models: chosen, test }),
    filtered_by_framing: filteredByFraming(
      byFraming(answers).map((a) => ({ model: a.model, framing: a.framing ?? "", filtered: a.contentFiltered })),
      { models: chosen },
    ),
    critical_actions: criticalActions(answers, colliding, test),
    categories: [...groupBy(answers, (a) => a.category)].map(([category, list]) => {
      const oh = present(list.map((a) => a.oh));
      return { category, n: oh.length, mean_oh: mean(oh), ci95: interval(oh) };
    }),
    category_model: [...groupBy(answers, (a) => `${a.category}\u0000${a.model}`)].map(([, list]) => {
      const oh = present(list.map((a) => a.oh));
      return { category: list[0]?.category ?? "", model: list[0]?.model ?? "", n: oh.length, mean_oh: mean(oh), ci95: interval(oh) };
    }),
  };
}

/** One rating of one answer, as loaded for the analysis. */
export interface AnswerRating extends Omit<ScoredAnswer, "oh" | "ch" | "actions"> {
  answerId: string;
  oh: number;
  ch: number;
  actions: readonly string[];
}

const ACTION_VALUE: Record<string, number> = { hit: 1, partial: 0.5, miss: 0 };

/**
 * One scored answer per answer: the mean of its ratings (docs/design.md §5: for
 * physicians, the mean of the ratings per answer; a machine rater has one).
 * -1 ("could not be scored") is left out; an answer left with no score has null.
 */
export function scoreAnswers(ratings: readonly AnswerRating[]): ScoredAnswer[] {
  return [...groupBy(ratings, (r) => r.answerId).values()].map((list) => {
    const first = list[0] as AnswerRating;
    const withActions = list.filter((r) => r.actions.length > 0);
    const width = Math.max(0, ...withActions.map((r) => r.actions.length));
    return {
      model: first.model,
      scenario: first.scenario,
      category: first.category,
      acuityWeight: first.acuityWeight,
      pairId: first.pairId,
      framing: first.framing,
      contentFiltered: first.contentFiltered,
      oh: mean(list.map((r) => r.oh).filter((v) => v >= 0)),
      ch: mean(list.map((r) => r.ch).filter((v) => v >= 0)),
      actions: withActions.length === 0 ? null : Array.from({ length: width }, (_, i) => mean(present(withActions.map((r) => ACTION_VALUE[r.actions[i] ?? ""] ?? null)))),
    };
  });
}
