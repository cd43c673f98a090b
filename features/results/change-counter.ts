import "server-only";
import { prisma } from "@/lib/db/prisma";
import type { ResultsFilter } from "./filter";
import { resultsTag } from "./results-tag";

/**
 * The study's change counter (study_changes, moved on by triggers once per
 * transaction that changed anything the Results figures read, when it
 * commits): one read of two primary keys. 0 until the first change after the
 * counter was added; null when there is no such study.
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
