import { createHash } from "node:crypto";

/** The values of an answer's reference (gold) scores, as stored. */
export interface GoldValues {
  omissionHarm: number;
  commissionHarm: number;
  criticalActionResults: readonly string[] | null;
  responseClass: string | null;
  omissionMechanism: string | null;
  reasoning: string | null;
}

/**
 * The content hash of gold scores: the same values give the same hash whether
 * they were imported or set on the answer's page, so sending them again is
 * "unchanged" and different values are a conflict. No critical-action results
 * and an empty list hash alike (both are stored as an empty list).
 */
export function goldScoreHash(values: GoldValues): string {
  const results = values.criticalActionResults && values.criticalActionResults.length > 0 ? values.criticalActionResults : null;
  return createHash("sha256")
    .update(JSON.stringify(["gold", values.omissionHarm, values.commissionHarm, results, values.responseClass, values.omissionMechanism, values.reasoning]))
    .digest("hex");
}
