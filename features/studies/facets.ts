import "server-only";
import { prisma } from "@/lib/db/prisma";

// The values a study's filters offer. Prisma's `distinct` reads every row and
// de-duplicates in memory, which a million answers would not survive; these
// ask PostgreSQL instead.

/**
 * The study's models, by a loose index scan over (study_id, model_id): one
 * index probe per model rather than a pass over every answer.
 */
export async function studyModels(studyId: string): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ model_id: string }[]>`
    WITH RECURSIVE models AS (
      (SELECT model_id FROM responses WHERE study_id = ${studyId}::uuid ORDER BY model_id LIMIT 1)
      UNION ALL
      SELECT (SELECT r.model_id FROM responses r WHERE r.study_id = ${studyId}::uuid AND r.model_id > m.model_id ORDER BY r.model_id LIMIT 1)
      FROM models m WHERE m.model_id IS NOT NULL
    )
    SELECT model_id FROM models WHERE model_id IS NOT NULL`;
  return rows.map((r) => r.model_id);
}

export async function studyCategories(studyId: string): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ category: string }[]>`
    SELECT DISTINCT category FROM scenarios WHERE study_id = ${studyId}::uuid ORDER BY category`;
  return rows.map((r) => r.category);
}

/** The decoupling framings used by the study's scenarios (layperson, physician, ...). */
export async function studyFramings(studyId: string): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ framing: string }[]>`
    SELECT DISTINCT decoupling_framing AS framing FROM scenarios
    WHERE study_id = ${studyId}::uuid AND decoupling_framing IS NOT NULL ORDER BY 1`;
  return rows.map((r) => r.framing);
}
