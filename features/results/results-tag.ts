// The Results figures' entity tag, and If-None-Match against it. Pure.
import { createHash } from "node:crypto";
import type { ResultsFilter } from "./filter";

/**
 * Part of every tag: change it whenever the figures' shape or computation
 * changes, so a page open across a deploy is sent the new figures.
 */
export const RESULTS_FORMAT = "results-2";

/** The filter with its unset fields dropped and its keys sorted: two spellings of one filter give one tag. */
function normalisedFilter(filter: ResultsFilter): [string, unknown][] {
  return (Object.entries(filter) as [string, unknown][])
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b, "en"));
}

/**
 * The tag of the figures of `studyId` under `filter` at change counter
 * `version`. Equal tags mean equal figures, on every app instance, since the
 * counter lives in PostgreSQL.
 */
export function resultsTag(studyId: string, version: bigint, filter: ResultsFilter): string {
  const digest = createHash("sha256").update(JSON.stringify([RESULTS_FORMAT, studyId, normalisedFilter(filter)])).digest("base64url").slice(0, 22);
  // Weak: the figures are the same, though `generated_at` is not.
  return `W/"${version}-${digest}"`;
}

/** True when an If-None-Match header names `tag` (compared weakly, as RFC 9110 asks for GET), or is "*". */
export function ifNoneMatchHits(header: string | null, tag: string): boolean {
  if (header === null) return false;
  const opaque = (t: string) => t.trim().replace(/^W\//, "");
  const wanted = opaque(tag);
  return header.split(",").some((t) => t.trim() === "*" || opaque(t) === wanted);
}
