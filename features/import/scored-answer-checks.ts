import "server-only";
import { Prisma } from "@/lib/db/prisma";
import { findingsLimit, type ImportContext } from "./context";
import type { Finding } from "./problems";

/** How a score-shaped import names its rows in the two checks below (PostgreSQL format() strings, three %s for the answer's key). */
export interface ScoredAnswerMessages {
  /** The answer is not in the study. */
  noAnswer: string;
  /** The prefix naming the row before the action-count message, e.g. "Score of (%s, %s, %s)". */
  rowKey: string;
}

/**
 * The set-wise checks every import of scores for answers makes (machine
 * scores, gold scores), over its staging table: the answer is in the study,
 * and a row's critical_action_results has one entry per critical action of
 * its scenario, each checked per record.
 */
export async function checkScoredAnswers(context: ImportContext, table: "import_scores" | "import_gold", messages: ScoredAnswerMessages): Promise<void> {
  const { tx, studyId, problems } = context;
  const staged = Prisma.raw(table);
  problems.addFindings(
    await tx.$queryRaw<Finding[]>`
      SELECT i.file, i.line, i.record, i.pointer, format(${messages.noAnswer}::text, i.scenario_ext, i.model_id, i.repetition) AS message
      FROM ${staged} i
      LEFT JOIN scenarios s ON s.study_id = ${studyId}::uuid AND s.external_id = i.scenario_ext
      LEFT JOIN responses r ON r.scenario_id = s.id AND r.model_id = i.model_id AND r.repetition = i.repetition
      WHERE r.id IS NULL ORDER BY i.file, i.record LIMIT ${findingsLimit(context)}`,
    "scenario_id",
  );
  problems.addFindings(
    await tx.$queryRaw<Finding[]>`
      SELECT i.file, i.line, i.record, i.pointer,
             format(${messages.rowKey}::text || ': critical_action_results has %s entries but scenario %s has %s critical actions.',
                    i.scenario_ext, i.model_id, i.repetition, cardinality(i.results), i.scenario_ext, n.actions) AS message
      FROM ${staged} i
      JOIN scenarios s ON s.study_id = ${studyId}::uuid AND s.external_id = i.scenario_ext
      CROSS JOIN LATERAL (SELECT count(*)::int AS actions FROM critical_actions a WHERE a.scenario_id = s.id) n
      WHERE i.results IS NOT NULL AND cardinality(i.results) <> n.actions
      ORDER BY i.file, i.record LIMIT ${findingsLimit(context)}`,
    "critical_action_results",
  );
}
