import "server-only";
import { prisma } from "@/lib/db/prisma";
import { invalid, notFound } from "@/lib/errors";
import { COMMISSION_HARM_LEVELS, OMISSION_HARM_LEVELS } from "@/lib/instrument";
import { blockCount, driftData, physicianDrift, timeWindowCount, type DriftGoldRating, type DriftRating, type DriftSlice } from "@/lib/stats/drift";
import { chosenPhysician, type DriftPhysician } from "./physicians";
import { driftSlicing, type DriftQuery } from "./query";

export type { DriftPhysician };

/** The most slices one series may have: more are refused (422 naming `by` or `size`), a coarser slicing asked for. */
export const MAX_DRIFT_SLICES = 1000;

const SCALES = { omission_harm: OMISSION_HARM_LEVELS.length, commission_harm: COMMISSION_HARM_LEVELS.length };

export interface DriftResult {
  studyId: string;
  by: DriftQuery["by"];
  size: number | null;
  /** Every physician of the study with a rating or a gold rating in it (the choices of `rater`). */
  physicians: DriftPhysician[];
  /** The chosen physician, or every one, each with their slices. */
  series: (DriftPhysician & { ratings: number; slices: DriftSlice[] })[];
}

/** Physicians with a rating of a current answer text, or a gold rating, in the study. */
async function studyPhysicians(studyId: string): Promise<DriftPhysician[]> {
  return prisma.$queryRaw<DriftPhysician[]>`
    SELECT rt.id, rt.name, u.email FROM raters rt LEFT JOIN users u ON u.id = rt.user_id
    WHERE rt.kind = 'physician' AND (
      EXISTS (SELECT 1 FROM ratings x JOIN responses r ON r.id = x.response_id
              WHERE x.rater_id = rt.id AND r.study_id = ${studyId}::uuid AND x.answer_version = r.version)
      OR EXISTS (SELECT 1 FROM quality_ratings q JOIN responses r ON r.id = q.response_id
                 WHERE q.user_id = rt.user_id AND q.kind = 'gold' AND r.study_id = ${studyId}::uuid AND q.answer_version = r.version))
    ORDER BY rt.name, u.email, rt.id`;
}

/** Physicians' ratings of the answers' current texts (never quality ratings: adjudication, gold and retest are apart). */
async function physicianRatings(studyId: string): Promise<DriftRating[]> {
  const rows = await prisma.$queryRaw<{ rater: string; answer: string; at: Date; oh: number; ch: number }[]>`
    SELECT x.rater_id::text AS rater, x.response_id::text AS answer, x.created_at AS at, x.omission_harm AS oh, x.commission_harm AS ch
    FROM ratings x JOIN responses r ON r.id = x.response_id
    WHERE r.study_id = ${studyId}::uuid AND x.rater_kind = 'physician' AND x.answer_version = r.version`;
  return rows.map((row) => ({ rater: row.rater, answer: row.answer, at: row.at.getTime(), omission_harm: row.oh, commission_harm: row.ch }));
}

/** Physicians' ratings of gold answers (current texts) beside the answers' reference scores. */
async function goldRatings(studyId: string): Promise<DriftGoldRating[]> {
  const rows = await prisma.$queryRaw<{ rater: string; at: Date; oh: number; ch: number; gold_oh: number; gold_ch: number }[]>`
    SELECT rt.id::text AS rater, q.created_at AS at, q.omission_harm AS oh, q.commission_harm AS ch, g.omission_harm AS gold_oh, g.commission_harm AS gold_ch
    FROM quality_ratings q
    JOIN responses r ON r.id = q.response_id
    JOIN gold_scores g ON g.response_id = q.response_id
    JOIN raters rt ON rt.user_id = q.user_id AND rt.kind = 'physician'
    WHERE r.study_id = ${studyId}::uuid AND q.kind = 'gold' AND q.answer_version = r.version`;
  return rows.map((row) => ({
    rater: row.rater,
    at: row.at.getTime(),
    omission_harm: row.oh,
    commission_harm: row.ch,
    gold: { omission_harm: row.gold_oh, commission_harm: row.gold_ch },
  }));
}

/** The physicians the drift page offers, or a 404 for a study that does not exist. */
export async function driftPhysicians(studyId: string): Promise<DriftPhysician[]> {
  const study = await prisma.study.findUnique({ where: { id: studyId }, select: { id: true } });
  if (!study) throw notFound("The study");
  return studyPhysicians(studyId);
}

/** Drift per physician over time (docs/design.md §5, "Drift"; §6: GET …/drift). */
export async function studyDrift(studyId: string, query: DriftQuery): Promise<DriftResult> {
  const physicians = await driftPhysicians(studyId);
  const chosen = query.rater === undefined ? physicians : [chosenPhysician(physicians, query.rater)];
  const [ratings, gold] = await Promise.all([physicianRatings(studyId), goldRatings(studyId)]);
  const data = driftData(ratings, gold, SCALES);
  const slicing = driftSlicing(query);
  const counts = new Map<string, number>();
  for (const r of ratings) counts.set(r.rater, (counts.get(r.rater) ?? 0) + 1);
  const slices =
    slicing.by === "ratings"
      ? Math.max(0, ...chosen.map((p) => blockCount(counts.get(p.id) ?? 0, slicing.size)))
      : data.span
        ? timeWindowCount(data.span.first, data.span.last, slicing.by)
        : 0;
  if (slices > MAX_DRIFT_SLICES) {
    const field = slicing.by === "ratings" ? "size" : "by";
    throw invalid(`That slicing makes ${slices} slices, more than ${MAX_DRIFT_SLICES}; choose a coarser one.`, [
      { field, message: slicing.by === "ratings" ? "Choose larger blocks of ratings." : "Choose weeks, or blocks of ratings." },
    ]);
  }
  return {
    studyId,
    by: query.by,
    size: slicing.by === "ratings" ? slicing.size : null,
    physicians,
    series: chosen.map((p) => ({ ...p, ratings: counts.get(p.id) ?? 0, slices: physicianDrift(data, p.id, slicing) })),
  };
}

