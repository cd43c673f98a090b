import "server-only";
import { prisma } from "@/lib/db/prisma";
import { invalid } from "@/lib/errors";
import { sameRater } from "@/lib/rater-pair";
import { raterInStudy, type StudyRater } from "./raters";
import { answersInScope, ratingsOfCountedVersions, type ResultsScope } from "./scope";
import type { PairCell } from "./tables";

/**
 * Two named raters on the answers in scope that both rated (the same version
 * of its text), A being the first named: the two raters and their scores
 * counted by (OH, CH) pair. Two names of the same rater (its id and its
 * name, say) are refused, as the same name twice is.
 */
export async function namedPairCells(scope: ResultsScope, raterA: string, raterB: string): Promise<{ a: StudyRater; b: StudyRater; cells: PairCell[] }> {
  // One after the other, so that when both are unknown the error names raterA.
  const a = await raterInStudy(scope.studyId, raterA);
  const b = await raterInStudy(scope.studyId, raterB);
  if (a.id === b.id) throw invalid(sameRater.message, [{ field: sameRater.field, message: sameRater.message }]);
  const cells = await prisma.$queryRaw<PairCell[]>`
    SELECT x.omission_harm::int AS oh_a, y.omission_harm::int AS oh_b, x.commission_harm::int AS ch_a, y.commission_harm::int AS ch_b, count(*)::int AS count
    FROM ratings x JOIN ratings y ON y.response_id = x.response_id AND y.answer_version = x.answer_version AND y.rater_id = ${b.id}::uuid
    JOIN responses r ON r.id = x.response_id LEFT JOIN scenarios s ON s.id = r.scenario_id
    WHERE x.rater_id = ${a.id}::uuid AND ${answersInScope(scope)} AND ${ratingsOfCountedVersions(scope, "x")}
    GROUP BY 1, 2, 3, 4`;
  return { a, b, cells };
}
