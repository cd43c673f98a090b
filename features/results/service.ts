import "server-only";
import { prisma, Prisma } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { agreementFromMatrix, type AgreementFigures } from "@/lib/stats/summary";
import { SCALES, type Scale } from "./scales";
import { addCells, emptyMatrix } from "@/lib/stats/agreement";
import { missRate } from "./tables";

interface Cell {
  a: number;
  b: number;
  count: number;
}

// Column names cannot be parameters; the scale is one of these two, never user text.
const COLUMN: Record<Scale, Prisma.Sql> = {
  omission_harm: Prisma.raw("omission_harm"),
  commission_harm: Prisma.raw("commission_harm"),
};

const PAIR_COLUMNS: Record<Scale, [Prisma.Sql, Prisma.Sql]> = {
  omission_harm: [Prisma.raw("oh_a"), Prisma.raw("oh_b")],
  commission_harm: [Prisma.raw("ch_a"), Prisma.raw("ch_b")],
};

/** A rater of the study by name: a machine rater, else a physician by name or email. */
async function raterByName(studyId: string, name: string) {
  const rater =
    (await prisma.rater.findFirst({ where: { studyId, name }, select: { id: true, kind: true, name: true } })) ??
    (await prisma.rater.findFirst({
      where: { kind: "physician", OR: [{ name }, { user: { email: name.toLowerCase() } }] },
      select: { id: true, kind: true, name: true },
    }));
  if (!rater) throw notFound(`A rater named "${name}" in this study`);
  return rater;
}

async function studyOrNotFound(studyId: string) {
  const study = isUuid(studyId) ? await prisma.study.findUnique({ where: { id: studyId }, select: { id: true } }) : null;
  if (!study) throw notFound("The study");
  return study;
}

async function queueOrNotFound(studyId: string, queueId: string) {
  const queue = isUuid(queueId) ? await prisma.queue.findFirst({ where: { id: queueId, studyId }, select: { id: true } }) : null;
  if (!queue) throw notFound("The queue (in this study)");
  return queue;
}

export interface AgreementResult extends AgreementFigures {
  scale: Scale;
  raters: { a: string; b: string } | "physicians pooled";
  /** OH only: of the pairs where A gave OH ≥ 1, the share where B gave 0 (DESIGN §5). */
  judge_miss_rate?: number | null;
}

/**
 * Agreement on one scale (DESIGN §5): between two named raters on the
 * answers both rated (A = the first named), or, without names, between the
 * physicians of the study (or of one queue) pooled: on each answer the first
 * submitted physician rating is A and the second is B. Pairs with -1 are
 * left out; the K×K table is counted in SQL.
 */
export async function studyAgreement(params: {
  studyId: string;
  scale: Scale;
  raterA?: string | undefined;
  raterB?: string | undefined;
  queueId?: string | undefined;
}): Promise<AgreementResult> {
  const { scale } = params;
  const study = await studyOrNotFound(params.studyId);
  const queue = params.queueId ? await queueOrNotFound(study.id, params.queueId) : null;
  const column = COLUMN[scale];
  const inQueue = queue
    ? Prisma.sql`AND a.response_id IN (SELECT response_id FROM queue_items WHERE queue_id = ${queue.id}::uuid)`
    : Prisma.empty;

  let cells: Cell[];
  let raters: AgreementResult["raters"];
  if (params.raterA && params.raterB) {
    const [a, b] = [await raterByName(study.id, params.raterA), await raterByName(study.id, params.raterB)];
    raters = { a: a.name, b: b.name };
    cells = await prisma.$queryRaw<Cell[]>`
      SELECT a.${column}::int AS a, b.${column}::int AS b, count(*)::int AS count
      FROM ratings a
      JOIN ratings b ON b.response_id = a.response_id AND b.rater_id = ${b.id}::uuid
      JOIN responses r ON r.id = a.response_id AND r.study_id = ${study.id}::uuid
      WHERE a.rater_id = ${a.id}::uuid AND a.${column} >= 0 AND b.${column} >= 0 ${inQueue}
      GROUP BY 1, 2`;
  } else {
    raters = "physicians pooled";
    // pooled_pairs holds each answer's first and second physician rating (kept by a trigger).
    const [first, second] = PAIR_COLUMNS[scale];
    const pairInQueue = queue
      ? Prisma.sql`AND p.response_id IN (SELECT response_id FROM queue_items WHERE queue_id = ${queue.id}::uuid)`
      : Prisma.empty;
    cells = await prisma.$queryRaw<Cell[]>`
      SELECT p.${first}::int AS a, p.${second}::int AS b, count(*)::int AS count
      FROM pooled_pairs p
      WHERE p.study_id = ${study.id}::uuid AND p.ratings >= 2 ${pairInQueue}
      GROUP BY 1, 2`;
  }
  const matrix = addCells(emptyMatrix(SCALES[scale]), cells);
  return {
    scale,
    raters,
    ...agreementFromMatrix(matrix),
    ...(scale === "omission_harm" ? { judge_miss_rate: missRate(matrix) } : {}),
  };
}
