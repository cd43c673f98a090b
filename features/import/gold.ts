import "server-only";
import { goldScoreHash } from "@/lib/gold-score";
import { answerKeyOf, blocked, dropRefusedRows, findingsLimit, validRecords, type ImportContext, type ImportCounts } from "./context";
import type { Finding } from "./problems";
import { repeatedAnswerKeys } from "./repeated-answer-keys";
import { checkScoredAnswers } from "./scored-answer-checks";
import { scoreRowSchema } from "./schemas";
import type { StagedAnswerKey, StagedColumns } from "./staging";

/** A staging row: the column names of import_gold. */
interface Staged extends StagedAnswerKey {
  omission_harm: number;
  commission_harm: number;
  results: string[] | null;
  response_class: string | null;
  omission_mechanism: string | null;
  reasoning: string | null;
  content_hash: string;
}

const STAGED_COLUMNS: StagedColumns<Staged> = [
  ["file", "text"], ["line", "int"], ["record", "int"], ["pointer", "text"], ["scenario_ext", "text"], ["model_id", "text"],
  ["repetition", "int"], ["omission_harm", "int"], ["commission_harm", "int"], ["results", "text[]"],
  ["response_class", "text"], ["omission_mechanism", "text"], ["reasoning", "text"], ["content_hash", "text"],
];

const goldKey = answerKeyOf("Gold score of");

/**
 * Gold scores: an answer's reference scores, in the machine-score shape
 * (judge_model, ttt and parse_failure are read and not kept; there is no
 * rater). -1 is refused: a reference score is on the instrument's scale.
 * One per answer: the same values again are unchanged, different ones a
 * conflict unless replace is asked (the earlier values kept in the audit log).
 */
export async function importGold(context: ImportContext): Promise<ImportCounts> {
  const { tx, studyId, problems } = context;
  await tx.$executeRaw`
    CREATE TEMP TABLE import_gold (
      file text NOT NULL, line int NOT NULL, record int NOT NULL, pointer text, scenario_ext text NOT NULL, model_id text NOT NULL, repetition int NOT NULL,
      omission_harm int NOT NULL, commission_harm int NOT NULL, results text[],
      response_class text, omission_mechanism text, reasoning text, content_hash text NOT NULL
    ) ON COMMIT DROP`;
  const staging = context.staging("import_gold", STAGED_COLUMNS);
  for await (const rows of validRecords(context, scoreRowSchema, { keyOf: goldKey })) for (const { at, row } of rows) {
    const key = `Gold score of (${row.scenario_id}, ${row.model_id}, ${row.rep_id})`;
    const unscored = (["omission_harm", "commission_harm"] as const).filter((field) => row[field] === -1);
    for (const field of unscored) {
      problems.add({ ...at, field, message: `${key}: ${field} is -1 ("not scored"); a gold score must be on the scale (${field === "omission_harm" ? "0 to 4" : "0 to 3"}).` });
    }
    if (unscored.length > 0) continue;
    const values = {
      omissionHarm: row.omission_harm,
      commissionHarm: row.commission_harm,
      criticalActionResults: row.critical_action_results ?? null,
      responseClass: row.response_class ?? null,
      omissionMechanism: row.omission_mechanism ?? null,
      reasoning: row.clinical_reasoning ?? null,
    };
    await staging.add({
      ...at,
      pointer: at.pointer ?? null,
      scenario_ext: row.scenario_id,
      model_id: row.model_id,
      repetition: row.rep_id,
      omission_harm: values.omissionHarm,
      commission_harm: values.commissionHarm,
      results: values.criticalActionResults,
      response_class: values.responseClass,
      omission_mechanism: values.omissionMechanism,
      reasoning: values.reasoning,
      content_hash: goldScoreHash(values),
    });
  }
  await staging.finish();
  await tx.$executeRaw`CREATE INDEX ON import_gold (scenario_ext, model_id, repetition)`;

  await repeatedAnswerKeys(context, "import_gold", "Gold score of (%s, %s, %s) is given twice: first at record %s (line %s) of %s.");
  await checkScoredAnswers(context, "import_gold", { noAnswer: "Gold score of (%s, %s, %s): there is no such answer in this study; import the answers first.", rowKey: "Gold score of (%s, %s, %s)" });
  if (!context.replace) {
    problems.addFindings(
      await tx.$queryRaw<Finding[]>`
        SELECT i.file, i.line, i.record, i.pointer, format('Gold score of (%s, %s, %s) differs from the stored one; send replace=true to replace it.',
                                      i.scenario_ext, i.model_id, i.repetition) AS message
        FROM import_gold i
        JOIN scenarios s ON s.study_id = ${studyId}::uuid AND s.external_id = i.scenario_ext
        JOIN responses r ON r.scenario_id = s.id AND r.model_id = i.model_id AND r.repetition = i.repetition
        JOIN gold_scores g ON g.response_id = r.id
        WHERE g.content_hash IS DISTINCT FROM i.content_hash ORDER BY i.file, i.record LIMIT ${findingsLimit(context)}`,
      "omission_harm",
      "conflict",
    );
  }
  await dropRefusedRows(context, "import_gold");
  const [counts = { unchanged: 0 }] = await tx.$queryRaw<{ unchanged: number }[]>`
    SELECT count(g.response_id) FILTER (WHERE g.content_hash = i.content_hash)::int AS unchanged
    FROM import_gold i
    LEFT JOIN scenarios s ON s.study_id = ${studyId}::uuid AND s.external_id = i.scenario_ext
    LEFT JOIN responses r ON r.scenario_id = s.id AND r.model_id = i.model_id AND r.repetition = i.repetition
    LEFT JOIN gold_scores g ON g.response_id = r.id`;
  if (blocked(context)) return { created: 0, unchanged: counts.unchanged, replaced: 0 };

  const replaced = await tx.$executeRaw`
    WITH changed AS (
      SELECT g.response_id, to_jsonb(g) AS before, i.*
      FROM import_gold i
      JOIN scenarios s ON s.study_id = ${studyId}::uuid AND s.external_id = i.scenario_ext
      JOIN responses r ON r.scenario_id = s.id AND r.model_id = i.model_id AND r.repetition = i.repetition
      JOIN gold_scores g ON g.response_id = r.id
      WHERE g.content_hash IS DISTINCT FROM i.content_hash
    ), audited AS (
      INSERT INTO audit_log (actor_id, action, entity_type, entity_id, study_id, data)
      SELECT ${context.actorId}::uuid, 'gold_score.replace', 'gold_score', response_id::text, ${studyId}::uuid,
             jsonb_build_object('importBatchId', ${context.batchId}::text, 'before', before)
      FROM changed
    )
    UPDATE gold_scores g SET omission_harm = c.omission_harm, commission_harm = c.commission_harm,
      critical_action_results = COALESCE(c.results::"CriticalActionResult"[], '{}'),
      response_class = c.response_class::"ResponseClass", omission_mechanism = c.omission_mechanism::"OmissionMechanism",
      reasoning = c.reasoning, content_hash = c.content_hash, import_batch_id = ${context.batchId}::uuid, set_by_id = ${context.actorId}::uuid,
      updated_at = now()
    FROM changed c WHERE g.response_id = c.response_id`;
  const created = await tx.$executeRaw`
    INSERT INTO gold_scores (response_id, study_id, omission_harm, commission_harm, critical_action_results, response_class,
                             omission_mechanism, reasoning, content_hash, import_batch_id, set_by_id)
    SELECT r.id, ${studyId}::uuid, i.omission_harm, i.commission_harm, COALESCE(i.results::"CriticalActionResult"[], '{}'),
           i.response_class::"ResponseClass", i.omission_mechanism::"OmissionMechanism", i.reasoning, i.content_hash,
           ${context.batchId}::uuid, ${context.actorId}::uuid
    FROM import_gold i
    JOIN scenarios s ON s.study_id = ${studyId}::uuid AND s.external_id = i.scenario_ext
    JOIN responses r ON r.scenario_id = s.id AND r.model_id = i.model_id AND r.repetition = i.repetition
    WHERE NOT EXISTS (SELECT 1 FROM gold_scores g WHERE g.response_id = r.id)`;
  return { created, unchanged: counts.unchanged, replaced };
}
