import { MIN_PAIRS_FOR_INTERVAL } from "./precision";

/** One figure of the Results and Analysis pages: what it is, and when to report it. `id` is its anchor on /glossary. */
export interface GlossaryEntry {
  id: string;
  term: string;
  meaning: string;
  report: string;
}

/** Every figure the Results and Analysis pages show, in the order a reader meets them. */
export const GLOSSARY = [
  {
    id: "n",
    term: "Pairs (n)",
    meaning: "How many answers both sides scored on this scale. A pair with −1 (could not be scored) on either side is left out of that scale.",
    report: `Always, beside every figure. Below ${MIN_PAIRS_FOR_INTERVAL} pairs a figure is shown with "too few pairs" and no interval: it cannot tell chance from agreement.`,
  },
  {
    id: "ci95",
    term: "95% interval",
    meaning: "Percentile bootstrap over pairs: 2,000 resamples of the pairs with replacement, with a fixed seed, so the same data give the same interval.",
    report: `With every agreement figure from ${MIN_PAIRS_FOR_INTERVAL} pairs on. None below that, and none where the figure is undefined in most resamples.`,
  },
  {
    id: "exact",
    term: "Exact agreement",
    meaning: "The share of pairs where both sides gave the same score.",
    report: "As a plain, readable figure beside a chance-corrected one (κ or AC1); on its own it flatters a scale where most answers score 0.",
  },
  {
    id: "within1",
    term: "Within 1",
    meaning: "The share of pairs whose scores differ by at most one step.",
    report: "To show that disagreements are near misses on an ordinal scale; like exact agreement, it is not corrected for chance.",
  },
  {
    id: "kappa",
    term: "Cohen's κ (unweighted)",
    meaning: "Agreement beyond chance, counting only identical scores as agreement: (observed − chance) / (1 − chance), chance from each side's own distribution. 1 is perfect, 0 is chance. Undefined when both sides used one and the same category only.",
    report: "For categories without order (critical-action results), or to compare with studies that report plain κ.",
  },
  {
    id: "kappa_linear",
    term: "κ linear",
    meaning: "Cohen's κ with partial credit that falls linearly with the distance between the scores (weight 1 − |i − j| / (K − 1)).",
    report: "For ordinal scores where each step counts the same.",
  },
  {
    id: "kappa_quadratic",
    term: "κ quadratic",
    meaning: "Cohen's κ with partial credit that falls with the squared distance (weight 1 − (i − j)² / (K − 1)²): large disagreements cost much more than near misses.",
    report: "The headline figure for OH and CH: ordinal scales where a two-step disagreement is worse than two one-step ones.",
  },
  {
    id: "gwet_ac1",
    term: "Gwet's AC1",
    meaning: "Agreement beyond chance, with chance taken from both sides' pooled distribution, so it stays stable when nearly every answer gets the same score.",
    report: "Beside κ when the scores are concentrated in one category (most answers OH 0), where κ drops although agreement is high.",
  },
  {
    id: "alpha_ordinal",
    term: "Krippendorff's α (ordinal)",
    meaning: "Disagreement observed against disagreement expected, with distances by rank; works with any number of raters per answer. 1 is perfect, 0 is chance. Undefined when every score is the same.",
    report: "As the reliability figure of the study, especially where answers have more than two ratings; α ≥ 0.8 is the usual bar, 0.667 the lowest for tentative conclusions.",
  },
  {
    id: "mean_diff",
    term: "Mean difference (A − B)",
    meaning: "The mean of A's score minus B's: a positive value means A scores higher on the whole.",
    report: "To show a systematic bias between the two sides (a judge stricter or more lenient than the physicians), which κ does not show.",
  },
  {
    id: "judge_miss_rate",
    term: "Judge miss rate",
    meaning: "Of the pairs where the physician gave OH ≥ 1, the share where the machine rater (the judge) gave OH 0. Defined only for a machine rater against physicians, with the machine as the judge whichever side it is on; two physicians have no judge.",
    report: "To say how often an automated judge overlooks harm that physicians see; the figure that matters before trusting a judge alone.",
  },
  {
    id: "confusion",
    term: "Confusion matrix",
    meaning: "A table of the pairs counted by the score each side gave: rows are the first side's score, columns the second's, so the diagonal is exact agreement and a cell far from it a large disagreement. Darker cells hold more pairs.",
    report: "Beside κ, to show where the two sides disagree (one category, or a steady shift up or down), which a single figure hides.",
  },
  {
    id: "kappa_over_time",
    term: "κ over time (and its band)",
    meaning: "Quadratic κ of the pooled physician pairs recomputed as the ratings came in, each point over every pair up to then. The shaded band is its 95% interval (the same bootstrap as the table's), computed every few points and held between them; it is absent below the pair count that gives intervals.",
    report: "To show whether agreement has settled before the figures are reported: a line still moving, or a wide band, says more ratings are needed.",
  },
  {
    id: "acuity_weighted_oh",
    term: "Acuity-weighted OH",
    meaning: "The mean over a model's answers of OH × the scenario's acuity weight, so harm in high-acuity scenarios counts more. It is on the scale of OH times the weights.",
    report: "Beside the plain mean OH, to compare models when their harm sits in scenarios of different acuity; compare it between models, not with plain OH.",
  },
  {
    id: "decoupling_gap",
    term: "Decoupling gap",
    meaning: "For a pair of scenarios asking the same thing as a layperson and as a physician: OH under the layperson framing minus OH under the physician framing. Positive: the physician was told more. Tested per model with a one-sided Wilcoxon signed-rank test, Holm–Bonferroni adjusted across models.",
    report: "To show that a model withholds from laypeople what it tells physicians; report the mean gap with the number of pairs and the Holm-adjusted p.",
  },
] as const satisfies readonly GlossaryEntry[];

export type GlossaryId = (typeof GLOSSARY)[number]["id"];

export const glossaryHref = (id: GlossaryId) => `/glossary#${id}`;

/** The glossary as a definition list, each entry its own anchor. */
export function Glossary() {
  return (
    <dl className="space-y-4">
      {GLOSSARY.map((entry) => (
        <div key={entry.id} id={entry.id} className="scroll-mt-4 rounded border border-slate-200 bg-white p-4 target:border-brand-600">
          <dt className="font-semibold">{entry.term}</dt>
          <dd className="mt-1 text-sm">{entry.meaning}</dd>
          <dd className="mt-1 text-sm text-slate-700"><span className="font-medium">When to report it: </span>{entry.report}</dd>
        </div>
      ))}
    </dl>
  );
}
