import "server-only";
import { z } from "zod";
import { studyConsensus, type AnswerConsensus } from "@/lib/adjudication";
import { rowStream } from "@/lib/csv";
import { prisma } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";

/** The consensus export's parameters; any other is refused by name. */
export const consensusExportQuery = z.strictObject({
  format: z.enum(["csv", "ndjson"], { error: "format must be csv or ndjson." }).default("csv"),
  queue: z.uuid({ error: "queue must be the id of one of the study's queues." }).optional(),
});
export type ConsensusExportQuery = z.output<typeof consensusExportQuery>;

/** The columns of the consensus export, in order; new ones only ever go at the end. */
export const CONSENSUS_EXPORT_COLUMNS = [
  "scenario_id", "model_id", "repetition", "blind_code", "queue", "provenance", "omission_harm", "commission_harm", "n_ratings",
  "rater_a_omission_harm", "rater_a_commission_harm", "rater_b_omission_harm", "rater_b_commission_harm",
  "adjudicator_omission_harm", "adjudicator_commission_harm",
] as const;
type Row = Record<(typeof CONSENSUS_EXPORT_COLUMNS)[number], string | number | null>;

/** One answer's consensus as an export row: named by scenario, model, repetition and blind code; rater A/B are the first two submitted ratings. */
export function consensusRow(answer: AnswerConsensus): Row {
  const [a, b] = answer.ratings;
  return {
    scenario_id: answer.scenario,
    model_id: answer.model,
    repetition: answer.repetition,
    blind_code: answer.blind_code,
    queue: answer.queue_name,
    provenance: answer.provenance,
    omission_harm: answer.omission_harm,
    commission_harm: answer.commission_harm,
    n_ratings: answer.n_ratings,
    rater_a_omission_harm: a?.oh ?? null,
    rater_a_commission_harm: a?.ch ?? null,
    rater_b_omission_harm: b?.oh ?? null,
    rater_b_commission_harm: b?.ch ?? null,
    adjudicator_omission_harm: answer.adjudicator?.oh ?? null,
    adjudicator_commission_harm: answer.adjudicator?.ch ?? null,
  };
}

/** A queue of another study, or no such study, is "not found". */
async function assertStudyQueue(studyId: string, queueId: string | null): Promise<void> {
  const study = await prisma.study.findUnique({ where: { id: studyId }, select: { id: true } });
  if (!study) throw notFound("The study");
  if (queueId !== null && !(await prisma.queue.findFirst({ where: { id: queueId, studyId }, select: { id: true } }))) throw notFound("The queue");
}

/** The consensus export as CSV or NDJSON, with its file name. */
export async function exportConsensus(studyId: string, query: ConsensusExportQuery) {
  await assertStudyQueue(studyId, query.queue ?? null);
  async function* rows() {
    for (const answer of await studyConsensus(studyId, query.queue ?? null)) yield consensusRow(answer);
  }
  const stream = rowStream(rows(), {
    format: query.format,
    columns: CONSENSUS_EXPORT_COLUMNS,
    cells: (row) => CONSENSUS_EXPORT_COLUMNS.map((c) => row[c]),
    what: "Consensus export",
  });
  return { stream, filename: `consensus-${studyId}${query.queue ? `-queue-${query.queue}` : ""}.${query.format}` };
}
