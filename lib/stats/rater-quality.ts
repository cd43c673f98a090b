// Per-physician rater-quality figures (docs/design.md §5): agreement with gold
// scores, and intra-rater (test–retest) agreement. Pure: built on the
// agreement functions; undefined figures are null, never NaN.
import { cohenKappa, confusionMatrix, exactAgreement, scoredPairs, withinOne, type Pair } from "./agreement";

/** The instrument's scales and their number of categories: OH 0–4, CH 0–3. */
export const QUALITY_SCALES = { omission_harm: 5, commission_harm: 4 } as const;
export type QualityScale = keyof typeof QUALITY_SCALES;

/** n, exact, within-1 and quadratic κ of one scale's pairs. */
export interface ScaleAgreement {
  n: number;
  exact: number | null;
  within1: number | null;
  kappa_quadratic: number | null;
}

/** One answer's pair for one physician: A = the physician's rating (or their first one), B = the gold score (or their retest). */
export interface QualityPair {
  userId: string;
  omission_harm: Pair;
  commission_harm: Pair;
}

export interface RaterQuality {
  userId: string;
  omission_harm: ScaleAgreement;
  commission_harm: ScaleAgreement;
}

/** The figures of one scale's pairs; pairs with a -1 are left out. */
export function scaleAgreement(pairs: readonly Pair[], k: number): ScaleAgreement {
  const scored = scoredPairs(pairs);
  const m = confusionMatrix(scored, k);
  return { n: scored.length, exact: exactAgreement(m), within1: withinOne(m), kappa_quadratic: cohenKappa(m, "quadratic") };
}

/** Per physician, the figures of each scale over their pairs; physicians in order of first appearance. */
export function perRaterAgreement(pairs: readonly QualityPair[]): RaterQuality[] {
  const byUser = new Map<string, QualityPair[]>();
  for (const pair of pairs) {
    const list = byUser.get(pair.userId);
    if (list) list.push(pair);
    else byUser.set(pair.userId, [pair]);
  }
  return [...byUser].map(([userId, list]) => ({
    userId,
    omission_harm: scaleAgreement(list.map((p) => p.omission_harm), QUALITY_SCALES.omission_harm),
    commission_harm: scaleAgreement(list.map((p) => p.commission_harm), QUALITY_SCALES.commission_harm),
  }));
}

/** When a physician's agreement with gold is flagged: quadratic κ on OH below `threshold` after at least `minItems` gold items. */
export interface GoldFlagRule {
  threshold: number;
  minItems: number;
}

/** The defaults the Gold and retest page states: κ_quadratic (OH) below 0.6 after 5 gold items. */
export const DEFAULT_GOLD_FLAG: GoldFlagRule = { threshold: 0.6, minItems: 5 };

/**
 * Whether a physician's agreement with gold falls below the rule: at least
 * `minItems` gold pairs on OH and κ_quadratic below the threshold. An
 * undefined κ (every score in one category on both sides) is not flagged.
 */
export function goldFlag(oh: ScaleAgreement, rule: GoldFlagRule = DEFAULT_GOLD_FLAG): boolean {
  return oh.n >= rule.minItems && oh.kappa_quadratic !== null && oh.kappa_quadratic < rule.threshold;
}
