import "server-only";
import type { EarlierVersions } from "@/lib/answer-versions";
import { prisma, Prisma } from "@/lib/db/prisma";
import { addCells, emptyMatrix, type Matrix, type PairCount } from "@/lib/stats/agreement";
import type { AgreementFigures } from "@/lib/stats/summary";
import { namedPairCells } from "./named-pair";
import { pairFigures } from "./precision";
import { SCALES, type Scale } from "./scales";
import { pairsInScope, resolveScope, type ResultsScope } from "./scope";
import { judgeFigures, scaleMatrices } from "./tables";

export interface AgreementResult extends AgreementFigures {
  scale: Scale;
  raters: { a: string; b: string } | "physicians pooled";
  /** OH of a machine rater against a physician only: of the pairs where the physician gave OH ≥ 1, the share where the machine gave 0. */
  judge_miss_rate?: number | null;
  /** The machine rater judge_miss_rate is of; present with it. */
  judge?: string;
}

// Column names cannot be parameters; the scale is one of these two, never user text.
const POOLED_COLUMNS: Record<Scale, [a: Prisma.Sql, b: Prisma.Sql]> = {
  omission_harm: [Prisma.raw("oh_a"), Prisma.raw("oh_b")],
  commission_harm: [Prisma.raw("ch_a"), Prisma.raw("ch_b")],
};

/** The pooled pairs in scope counted on one scale: one scan of pooled_pairs when there is no queue. */
async function pooledScaleCells(scope: ResultsScope, scale: Scale) {
  const [a, b] = POOLED_COLUMNS[scale];
  return prisma.$queryRaw<PairCount[]>`
    SELECT p.${a}::int AS a, p.${b}::int AS b, count(*)::int AS count FROM ${pairsInScope(scope, 2)} GROUP BY 1, 2`;
}

/** The K×K table of one scale: the named pair's, or the pooled pairs' without names. */
async function scaleTable(scope: ResultsScope, scale: Scale, raterA: string | undefined, raterB: string | undefined): Promise<{ raters: AgreementResult["raters"]; matrix: Matrix; judge: Pick<AgreementResult, "judge" | "judge_miss_rate"> }> {
  if (raterA === undefined || raterB === undefined) {
    return { raters: "physicians pooled", matrix: addCells(emptyMatrix(SCALES[scale]), await pooledScaleCells(scope, scale)), judge: {} };
  }
  const pair = await namedPairCells(scope, raterA, raterB);
  const matrix = scaleMatrices(pair.cells)[scale];
  return { raters: { a: pair.a.name, b: pair.b.name }, matrix, judge: scale === "omission_harm" ? judgeFigures(matrix, pair.a, pair.b) : {} };
}

/**
 * Agreement on one scale, with bootstrap intervals: between two named raters
 * on the answers both rated (A = raterA), or, without names, between the
 * physicians of the study (or of one queue) pooled: on each answer the first
 * submitted physician rating is A and the second is B. Below
 * MIN_PAIRS_FOR_INTERVAL pairs every interval is null. The judge miss rate
 * comes only with a machine rater against a physician. The same scope, pair
 * and table code as the results page; pairs with -1 are left out, and so are
 * ratings of an earlier text of a replaced answer unless earlierVersions is "include".
 */
export async function studyAgreement(params: {
  studyId: string;
  scale: Scale;
  raterA?: string | undefined;
  raterB?: string | undefined;
  queue?: string | undefined;
  earlierVersions?: EarlierVersions | undefined;
}): Promise<AgreementResult> {
  const { scale } = params;
  const scope = await resolveScope(params.studyId, { queue: params.queue, earlierVersions: params.earlierVersions });
  const { raters, matrix, judge } = await scaleTable(scope, scale, params.raterA, params.raterB);
  return { scale, raters, ...pairFigures(matrix), ...judge };
}
