import "server-only";
import { prisma } from "@/lib/db/prisma";
import { raterInStudy } from "./raters";
import { answersInScope, ratingsOfCountedVersions, type ResultsScope } from "./scope";
import type { PairCell } from "./tables";

/**
 * Two named raters on the answers in scope that both rated (the same version
 * of its text), A being the first named: their names and their scores counted by (OH, CH) pair.
 */
export async function namedPairCells(scope: ResultsScope, raterA: string, raterB: string): Promise<{ a: string; b: string; cells: PairCell[] }> {
  // One after the other, so that when both are unknown the error names raterA.
  const a = await raterInStudy(scope.studyId, raterA);
  const b = await raterInStudy(scope.studyId, raterB);
  const cells = await prisma.$queryRaw<PairCell[]>`
    SELECT x.omission_harm::int AS oh_a, y.omission_harm::int AS oh_b, x.commission_harm::int AS ch_a, y.commission_harm::int AS ch_b, count(*)::int AS count
    FROM ratings x JOIN ratings y ON y.response_id = x.response_id AND y.answer_version = x.answer_version AND y.rater_id = ${b.id}::uuid
    JOIN responses r ON r.id = x.response_id LEFT JOIN scenarios s ON s.id = r.scenario_id
    WHERE x.rater_id = ${a.id}::uuid AND ${answersInScope(scope)} AND ${ratingsOfCountedVersions(scope, "x")}
    GROUP BY 1, 2, 3, 4`;
  return { a: a.name, b: b.name, cells };
}
