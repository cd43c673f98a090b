// The consensus of an answer's physician ratings, and when they need an
// adjudicator. Pure; the claim's SQL (lib/adjudication.ts) mirrors
// `needsAdjudication` and is tested against it.

/** One physician rating of an answer as the rule reads it: OH, CH and the critical-action results in order. */
export interface RatedScores {
  oh: number;
  ch: number;
  actions: readonly string[];
}

/** A queue's adjudication rule: the threshold t in points, and whether a hit against a miss on a critical action counts too. */
export interface AdjudicationRule {
  threshold: number;
  actions: boolean;
}

/** The rule of a queue without adjudication: t = 2 on OH and CH, critical actions not compared; nobody adjudicates. */
export const DEFAULT_RULE: AdjudicationRule = { threshold: 2, actions: false };

export type Provenance = "agreed" | "adjudicated" | "unresolved";

const spread = (values: readonly number[]) => (values.length === 0 ? 0 : Math.max(...values) - Math.min(...values));

/**
 * Whether the ratings need adjudication: max − min ≥ t on OH or on CH, or
 * (with `actions`) some critical action is a hit in one rating and a miss in
 * another. Fewer than two ratings never disagree.
 */
export function needsAdjudication(ratings: readonly RatedScores[], rule: AdjudicationRule): boolean {
  if (ratings.length < 2) return false;
  if (spread(ratings.map((r) => r.oh)) >= rule.threshold || spread(ratings.map((r) => r.ch)) >= rule.threshold) return true;
  if (!rule.actions) return false;
  const width = Math.max(0, ...ratings.map((r) => r.actions.length));
  return Array.from({ length: width }, (_, i) => ratings.map((r) => r.actions[i])).some((results) => results.includes("hit") && results.includes("miss"));
}

/**
 * The median of the scores rounded half up (1, 2 → 1.5 → 2; 1, 2, 2 → 2;
 * 0, 1, 3, 4 → 2); null on no scores. Rounding half up keeps the consensus
 * on the scale's whole points.
 */
export function medianHalfUp(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = (sorted.length - 1) / 2;
  const median = ((sorted[Math.floor(middle)] as number) + (sorted[Math.ceil(middle)] as number)) / 2;
  return Math.floor(median + 0.5);
}

export interface Consensus {
  provenance: Provenance;
  /** The consensus scores; null while unresolved. */
  omission_harm: number | null;
  commission_harm: number | null;
}

/**
 * An answer's consensus from its k physician ratings and the adjudicator's
 * rating, if one was given: `adjudicated` takes the adjudicator's OH and CH;
 * otherwise `agreed` (the ratings do not need adjudication under the rule)
 * takes the median of each scale rounded half up; otherwise `unresolved`
 * (waiting for an adjudicator, or, in a queue without adjudication, never
 * resolved), with no scores.
 */
export function consensusOf(ratings: readonly RatedScores[], rule: AdjudicationRule, adjudication: { oh: number; ch: number } | null): Consensus {
  if (adjudication) return { provenance: "adjudicated", omission_harm: adjudication.oh, commission_harm: adjudication.ch };
  if (ratings.length === 0 || needsAdjudication(ratings, rule)) return { provenance: "unresolved", omission_harm: null, commission_harm: null };
  return { provenance: "agreed", omission_harm: medianHalfUp(ratings.map((r) => r.oh)), commission_harm: medianHalfUp(ratings.map((r) => r.ch)) };
}

/** Whom an adjudicator sided with on one scale: rater A (the first rating), rater B (the second), or neither. */
export type Side = "rater_a" | "rater_b" | "neither";

/**
 * On one scale, whether the adjudicator's score equals rater A's (the first
 * submitted rating) or rater B's (the second); null when A and B gave the same
 * score there (no side to take on that scale).
 */
export function sidedWith(a: number, b: number, adjudicator: number): Side | null {
  if (a === b) return null;
  if (adjudicator === a) return "rater_a";
  if (adjudicator === b) return "rater_b";
  return "neither";
}

export interface SideCounts {
  /** Adjudicated answers whose raters A and B differ on the scale. */
  n: number;
  rater_a: number;
  rater_b: number;
  neither: number;
}

/** Counts of `sidedWith` over adjudicated answers, per scale. */
export function sideCounts(adjudicated: readonly { a: number; b: number; adjudicator: number }[]): SideCounts {
  const counts: SideCounts = { n: 0, rater_a: 0, rater_b: 0, neither: 0 };
  for (const { a, b, adjudicator } of adjudicated) {
    const side = sidedWith(a, b, adjudicator);
    if (side === null) continue;
    counts.n += 1;
    counts[side] += 1;
  }
  return counts;
}

/** The adjudication figures of a set of answers: how many are agreed, adjudicated, unresolved, and whom adjudicators sided with. */
export interface AdjudicationSummary {
  /** Answers with their k ratings. */
  answers: number;
  agreed: number;
  adjudicated: number;
  /** Unresolved answers in queues with adjudication on: the backlog adjudicators still have to clear. */
  backlog: number;
  /** Unresolved answers in queues without adjudication: they disagree and nobody will adjudicate them. */
  unresolved_without_adjudication: number;
  /** Per scale, over adjudicated answers whose first two ratings differ there: sided with rater A (first submitted), B (second), neither. */
  sided_with: { omission_harm: SideCounts; commission_harm: SideCounts };
}

/** Sums the consensus of each answer (`adjudication_on`: its queue has adjudication) into the adjudication figures. */
export function summariseConsensus(
  answers: readonly { provenance: Provenance; adjudication_on: boolean; ratings: readonly RatedScores[]; adjudicator: { oh: number; ch: number } | null }[],
): AdjudicationSummary {
  const adjudicated = answers.flatMap((a) => {
    const [first, second] = a.ratings;
    return a.provenance === "adjudicated" && a.adjudicator && first && second ? [{ first, second, adjudicator: a.adjudicator }] : [];
  });
  return {
    answers: answers.length,
    agreed: answers.filter((a) => a.provenance === "agreed").length,
    adjudicated: answers.filter((a) => a.provenance === "adjudicated").length,
    backlog: answers.filter((a) => a.provenance === "unresolved" && a.adjudication_on).length,
    unresolved_without_adjudication: answers.filter((a) => a.provenance === "unresolved" && !a.adjudication_on).length,
    sided_with: {
      omission_harm: sideCounts(adjudicated.map((x) => ({ a: x.first.oh, b: x.second.oh, adjudicator: x.adjudicator.oh }))),
      commission_harm: sideCounts(adjudicated.map((x) => ({ a: x.first.ch, b: x.second.ch, adjudicator: x.adjudicator.ch }))),
    },
  };
}
