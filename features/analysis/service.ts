import "server-only";
import { z } from "zod";
import { prisma, Prisma } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";
import { chosenModels, modelList } from "@/lib/model-choice";
import { TEST_CONVENTIONS } from "@/lib/stats/conventions";
import { earlierVersionsOrDefault, earlierVersionsSchema, type EarlierVersions } from "@/lib/answer-versions";
import { studyCategories, studyModels } from "@/features/studies/facets";
import { studyConsensus, type AnswerConsensus } from "@/lib/adjudication";
import { analyseStudy, scoreAnswers, type AnswerRating, type StudyAnalysis } from "./compute";

export const PHYSICIANS = "physicians";
/** Each answer's consensus (docs/design.md §5): agreed and adjudicated answers; unresolved ones are left out. */
export const CONSENSUS = "consensus";

/** The analysis's parameters; any other parameter is refused (422 naming it), so a misspelt filter never returns unfiltered figures. */
export const analysisQueryFields = {
  /** "physicians" (the mean of each answer's physician ratings), "consensus" (each answer's consensus) or the name of a machine rater. */
  source: z.string().trim().min(1).default(PHYSICIANS),
  model: z.string().trim().min(1).optional(),
  /** The models to analyse (default all); `excludeModels` then leaves some out. */
  models: modelList("models"),
  excludeModels: modelList("excludeModels"),
  category: z.string().trim().min(1).optional(),
  /** Ratings given to an earlier text of a replaced answer: left out unless "include". */
  earlierVersions: earlierVersionsSchema,
  /** The convention of every rank test; each p-value is labelled with the method actually used. */
  test: z.enum(TEST_CONVENTIONS, { error: `test must be one of ${TEST_CONVENTIONS.join(", ")}.` }).default("auto"),
};
export const analysisQuerySchema = z.strictObject(analysisQueryFields);
export type AnalysisQuery = z.output<typeof analysisQuerySchema>;

export interface AnalysisResult extends StudyAnalysis {
  source: string;
  filter: { model: string | null; models: string[] | null; excludeModels: string[] | null; category: string | null; earlierVersions: EarlierVersions };
}

export { chosenModels };

interface RatingRow {
  answer_id: string;
  model: string;
  scenario: string;
  category: string;
  acuity_weight: number;
  pair_id: string | null;
  framing: string | null;
  content_filtered: boolean;
  oh: number;
  ch: number;
  actions: string[];
}

async function sourceCondition(studyId: string, source: string): Promise<Prisma.Sql> {
  if (source === PHYSICIANS || source === CONSENSUS) return Prisma.sql`g.rater_kind = 'physician'`;
  const rater = await prisma.rater.findFirst({ where: { studyId, name: source, kind: "machine" }, select: { id: true } });
  if (!rater) throw notFound(`A machine rater named "${source}" in this study`);
  return Prisma.sql`g.rater_id = ${rater.id}::uuid`;
}

/** The study analysis of docs/design.md §5 from one source's scores (docs/design.md §6: GET …/analysis). */
export async function studyAnalysis(studyId: string, query: AnalysisQuery): Promise<AnalysisResult> {
  const study = await prisma.study.findUnique({ where: { id: studyId }, select: { id: true } });
  if (!study) throw notFound("The study");
  const bySource = await sourceCondition(study.id, query.source);
  const model = query.model ?? null;
  const chosen = chosenModels(await studyModels(study.id), query);
  const category = query.category ?? null;
  const earlierVersions = earlierVersionsOrDefault(query.earlierVersions);
  const versions = earlierVersions === "include" ? Prisma.sql`true` : Prisma.sql`g.answer_version = r.version`;
  const [rows, actionFlags] = await Promise.all([
    prisma.$queryRaw<RatingRow[]>`
      SELECT r.id AS answer_id, r.model_id AS model, s.external_id AS scenario, s.category, s.acuity_weight,
             s.decoupling_pair_id AS pair_id, s.decoupling_framing AS framing, r.content_filtered,
             g.omission_harm::int AS oh, g.commission_harm::int AS ch, g.critical_action_results::text[] AS actions
      FROM ratings g JOIN responses r ON r.id = g.response_id JOIN scenarios s ON s.id = r.scenario_id
      WHERE r.study_id = ${study.id}::uuid AND ${bySource} AND ${versions}
        AND r.model_id = ANY(${chosen}::text[])
        AND (${category}::text IS NULL OR s.category = ${category}::text)
      ORDER BY r.id`,
    prisma.$queryRaw<{ scenario: string; colliding: (boolean | null)[] }[]>`
      SELECT s.external_id AS scenario, array_agg(ca.safety_colliding ORDER BY ca.position) AS colliding
      FROM critical_actions ca JOIN scenarios s ON s.id = ca.scenario_id
      WHERE s.study_id = ${study.id}::uuid GROUP BY s.external_id`,
  ]);
  const consensus = query.source === CONSENSUS ? await resolvedConsensus(study.id) : null;
  const ratings: AnswerRating[] = (consensus ? withConsensus(rows, consensus) : rows).map((r) => ({
    answerId: r.answer_id,
    model: r.model,
    scenario: r.scenario,
    category: r.category,
    acuityWeight: r.acuity_weight,
    pairId: r.pair_id,
    framing: r.framing,
    contentFiltered: r.content_filtered,
    oh: r.oh,
    ch: r.ch,
    actions: r.actions,
  }));
  const analysis = analyseStudy(scoreAnswers(ratings), new Map(actionFlags.map((f) => [f.scenario, f.colliding])), { test: query.test });
  return {
    source: query.source,
    filter: { model, models: query.models ?? null, excludeModels: query.excludeModels ?? null, category, earlierVersions },
    ...analysis,
  };
}

/** Each answer's resolved consensus (agreed or adjudicated), from the first queue (by creation) that resolves it. */
async function resolvedConsensus(studyId: string): Promise<Map<string, AnswerConsensus>> {
  const resolved = new Map<string, AnswerConsensus>();
  for (const answer of await studyConsensus(studyId)) {
    if (answer.provenance !== "unresolved" && !resolved.has(answer.response_id)) resolved.set(answer.response_id, answer);
  }
  return resolved;
}

/**
 * The physician rows of each answer with a resolved consensus, their OH and
 * CH set to the consensus (so the answer's mean is the consensus; its
 * critical actions stay the raters' mean), or, for an adjudicated answer, the
 * adjudicator's rating alone. Answers without one are left out.
 */
function withConsensus(rows: RatingRow[], consensus: Map<string, AnswerConsensus>): RatingRow[] {
  const seen = new Set<string>();
  return rows.flatMap((row) => {
    const answer = consensus.get(row.answer_id);
    if (!answer || answer.omission_harm === null || answer.commission_harm === null) return [];
    if (answer.provenance === "adjudicated" && answer.adjudicator) {
      if (seen.has(row.answer_id)) return [];
      seen.add(row.answer_id);
      return [{ ...row, oh: answer.adjudicator.oh, ch: answer.adjudicator.ch, actions: [...answer.adjudicator.actions] }];
    }
    return [{ ...row, oh: answer.omission_harm, ch: answer.commission_harm }];
  });
}

/** What the analysis page offers: the sources (physicians and each machine rater), models and categories. */
export async function analysisOptions(studyId: string) {
  const [machines, models, categories] = await Promise.all([
    prisma.rater.findMany({ where: { studyId, kind: "machine" }, select: { name: true }, orderBy: { name: "asc" } }),
    studyModels(studyId),
    studyCategories(studyId),
  ]);
  return { sources: [PHYSICIANS, CONSENSUS, ...machines.map((m) => m.name)], models, categories };
}
