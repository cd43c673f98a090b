import "server-only";
import type { EarlierVersions } from "@/lib/answer-versions";
import { prisma, Prisma } from "@/lib/db/prisma";
import { addCells, emptyMatrix, type Matrix, type PairCount } from "@/lib/stats/agreement";
import { agreementFromMatrix, type AgreementFigures } from "@/lib/stats/summary";
import { namedPairCells } from "./named-pair";
import { SCALES, type Scale } from "./scales";
import { pairsInScope, resolveScope, type ResultsScope } from "./scope";
import { missRate, scaleMatrices } from "./tables";

export interface AgreementResult extends AgreementFigures {
  scale: Scale;
  raters: { a: string; b: string } | "physicians pooled";
  /** OH only: of the pairs where A gave OH ≥ 1, the share where B gave 0. */
  judge_miss_rate?: number | null;
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
async function scaleTable(scope: ResultsScope, scale: Scale, raterA: string | undefined, raterB: string | undefined): Promise<{ raters: AgreementResult["raters"]; matrix: Matrix }> {
  if (raterA === undefined || raterB === undefined) {
    return { raters: "physicians pooled", matrix: addCells(emptyMatrix(SCALES[scale]), await pooledScaleCells(scope, scale)) };
  }
  const pair = await namedPairCells(scope, raterA, raterB);
  return { raters: { a: pair.a, b: pair.b }, matrix: scaleMatrices(pair.cells)[scale] };
}

/**
 * Agreement on one scale, with bootstrap intervals: between two named raters
 * on the answers both rated (A = raterA), or, without names, between the
 * physicians of the study (or of one queue) pooled: on each answer the first
 * submitted physician rating is A and the second is B. The same scope, pair
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
  const { raters, matrix } = await scaleTable(scope, scale, params.raterA, params.raterB);
  return {
    scale,
    raters,
    ...agreementFromMatrix(matrix),
    ...(scale === "omission_harm" ? { judge_miss_rate: missRate(matrix) } : {}),
  };
}
