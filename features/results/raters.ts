import "server-only";
import { conflict, notFound } from "@/lib/errors";
import { prisma, Prisma } from "@/lib/db/prisma";
import type { RaterKind } from "@/lib/db/generated/enums";
import { isUuid } from "@/lib/ids";

export interface StudyRater {
  id: string;
  name: string;
  kind: RaterKind;
}

/** The raters the results page offers to compare: the study's machine raters and the physicians of its queues' pools. */
export async function comparableRaters(studyId: string) {
  return prisma.$queryRaw<StudyRater[]>`
    SELECT rt.id, rt.name, rt.kind::text AS kind FROM raters rt WHERE rt.study_id = ${studyId}::uuid
    UNION
    SELECT rt.id, rt.name, rt.kind::text FROM raters rt
    JOIN queue_raters qr ON qr.user_id = rt.user_id JOIN queues q ON q.id = qr.queue_id
    WHERE q.study_id = ${studyId}::uuid
    ORDER BY kind, name`;
}

/**
 * The rater that `raterA` or `raterB` names, on /results and /agreement
 * alike: its id, or a name — a machine rater's name in this study, else a
 * physician's email or name. Only raters of the study count: its machine
 * raters, and physicians with a rating in it or in the pool of one of its
 * queues. An id comes before a machine rater's name, which comes before a
 * physician's email, which comes before a physician's name; a name that two
 * physicians of the study share names neither.
 */
export async function raterInStudy(studyId: string, given: string): Promise<StudyRater> {
  const byId = isUuid(given) ? Prisma.sql`rt.id = ${given}::uuid` : Prisma.sql`false`;
  const email = given.toLowerCase();
  const found = await prisma.$queryRaw<(StudyRater & { precedence: number })[]>`
    SELECT rt.id, rt.name, rt.kind::text AS kind,
           CASE WHEN ${byId} THEN 0 WHEN rt.kind = 'machine' THEN 1 WHEN u.email = ${email} THEN 2 ELSE 3 END AS precedence
    FROM raters rt LEFT JOIN users u ON u.id = rt.user_id
    WHERE (${byId} OR rt.name = ${given} OR u.email = ${email})
      AND CASE WHEN rt.kind = 'machine' THEN rt.study_id = ${studyId}::uuid
          ELSE EXISTS (SELECT 1 FROM queue_raters qr JOIN queues q ON q.id = qr.queue_id WHERE qr.user_id = rt.user_id AND q.study_id = ${studyId}::uuid)
            OR EXISTS (SELECT 1 FROM ratings g JOIN responses r ON r.id = g.response_id WHERE g.rater_id = rt.id AND r.study_id = ${studyId}::uuid)
          END
    ORDER BY precedence LIMIT 2`;
  const [best, next] = found;
  if (!best) throw notFound(`A rater named "${given}" in this study`);
  if (next?.precedence === best.precedence) throw conflict(`"${given}" names more than one physician of this study; give the rater's id or email.`);
  return { id: best.id, name: best.name, kind: best.kind };
}
