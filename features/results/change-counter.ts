import "server-only";
import { createHash } from "node:crypto";
import { prisma } from "@/lib/db/prisma";
import type { ResultsFilter } from "./filter";

/**
 * The Results figures' entity tag: the study's change counter (study_changes,
 * bumped by triggers when a transaction that changed anything the figures
 * read commits), the filter, and the payload's format. Equal tags mean equal
 * figures, on every app instance, since the counter lives in PostgreSQL.
 *
 * Change RESULTS_FORMAT whenever the figures' shape or computation changes,
 * so a page open across a deploy is sent the new figures.
 */
export const RESULTS_FORMAT = "results-1";

/** The filter with its unset fields dropped and its keys sorted: two spellings of one filter give one tag. */
function normalisedFilter(filter: ResultsFilter): [string, unknown][] {
  return (Object.entries(filter) as [string, unknown][])
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b, "en"));
}

/** The tag of the figures of `studyId` under `filter` at change counter `version`. */
export function resultsTag(studyId: string, version: bigint, filter: ResultsFilter): string {
  const digest = createHash("sha256").update(JSON.stringify([RESULTS_FORMAT, studyId, normalisedFilter(filter)])).digest("base64url").slice(0, 22);
  // Weak: the figures are the same, though `generated_at` is not.
  return `W/"${version}-${digest}"`;
}

/**
 * The study's change counter: one read of two primary keys. 0 until the
 * first change after the counter was added; null when there is no such study.
 */
export async function studyVersion(studyId: string): Promise<bigint | null> {
  const [row] = await prisma.$queryRaw<{ version: bigint }[]>`
    SELECT coalesce(c.version, 0)::bigint AS version FROM studies s LEFT JOIN study_changes c ON c.study_id = s.id WHERE s.id = ${studyId}::uuid`;
  return row?.version ?? null;
}

/**
 * The tag the figures computed NOW will carry, or null (no such study). Read
 * it before computing the figures: a change that commits in between then
 * makes the next poll's tag differ, so it is never hidden behind an old tag.
 */
export async function currentResultsTag(studyId: string, filter: ResultsFilter): Promise<string | null> {
  const version = await studyVersion(studyId);
  return version === null ? null : resultsTag(studyId, version, filter);
}

/** True when an If-None-Match header names `tag` (compared weakly, as RFC 9110 asks for GET), or is "*". */
export function ifNoneMatchHits(header: string | null, tag: string): boolean {
  if (header === null) return false;
  const opaque = (t: string) => t.trim().replace(/^W\//, "");
  const wanted = opaque(tag);
  return header.split(",").some((t) => t.trim() === "*" || opaque(t) === wanted);
}
