import "server-only";
import { Prisma } from "@/lib/db/prisma";
import { answerKeyOf, blocked, dropRefusedRows, findingsLimit, validRecords, type ImportContext, type ImportCounts } from "./context";
import { scoreContentHash, scoreExtra } from "./hashes";
import { isReservedRaterName, reservedRaterMessage, scoreRowSchema } from "./schemas";
import type { Finding } from "./problems";
import { checkScoredAnswers } from "./scored-answer-checks";
import type { StagedAnswerKey, StagedColumns } from "./staging";

/** A staging row: the column names of import_scores. */
interface Staged extends StagedAnswerKey {
  rater_name: string;
  omission_harm: number;
  commission_harm: number;
  results: string[] | null;
  response_class: string | null;
  omission_mechanism: string | null;
  reasoning: string | null;
  extra: Record<string, unknown>;
  content_hash: string;
}

const STAGED_COLUMNS: StagedColumns<Staged> = [
  ["file", "text"], ["line", "int"], ["record", "int"], ["pointer", "text"], ["scenario_ext", "text"], ["model_id", "text"],
  ["repetition", "int"], ["rater_name", "text"], ["omission_harm", "int"], ["commission_harm", "int"], ["results", "text[]"],
  ["response_class", "text"], ["omission_mechanism", "text"], ["reasoning", "text"], ["extra", "jsonb"], ["content_hash", "text"],
];

const scoreKey = answerKeyOf("Score of");

/**
 * Machine scores (docs/design.md §4) as ratings of machine raters: the rater is the
 * request's `rater`, else each row's judge_model. -1 ("could not be scored")
 * is stored and counted as unscored.
 */
export async function importScores(context: ImportContext): Promise<ImportCounts> {
  const { tx, studyId, problems } = context;
  await tx.$executeRaw`
    CREATE TEMP TABLE import_scores (
      file text NOT NULL, line int NOT NULL, record int NOT NULL, pointer text, scenario_ext text NOT NULL, model_id text NOT NULL, repetition int NOT NULL,
      rater_name text NOT NULL, omission_harm int NOT NULL, commission_harm int NOT NULL, results text[],
      response_class text, omission_mechanism text, reasoning text, extra jsonb NOT NULL, content_hash text NOT NULL
    ) ON COMMIT DROP`;
  const staging = context.staging("import_scores", STAGED_COLUMNS);
  for await (const rows of validRecords(context, scoreRowSchema, { keyOf: scoreKey })) for (const { at, row } of rows) {
    const key = `Score of (${row.scenario_id}, ${row.model_id}, ${row.rep_id})`;
    const rater = context.raterName ?? row.judge_model;
    if (!rater) {
      problems.add({ ...at, field: "judge_model", message: `${key}: no rater for this score: name one with ?rater=NAME, or give the row a judge_model.` });
      continue;
    }
    if (isReservedRaterName(rater)) {
      problems.add({ ...at, field: "judge_model", message: `${key}: ${reservedRaterMessage("judge_model", rater)}` });
      continue;
    }
    const pending = staging.add({
      ...at,
      pointer: at.pointer ?? null,
      scenario_ext: row.scenario_id,
      model_id: row.model_id,
      repetition: row.rep_id,
      rater_name: rater,
      omission_harm: row.omission_harm,
      commission_harm: row.commission_harm,
      results: row.critical_action_results ?? null,
      response_class: row.response_class ?? null,
      omission_mechanism: row.omission_mechanism ?? null,
      reasoning: row.clinical_reasoning ?? null,
      extra: scoreExtra(row),
      content_hash: scoreContentHash(row),
    });
    if (pending) await pending;
  }
  await staging.finish();
  await tx.$executeRaw`CREATE INDEX ON import_scores (scenario_ext, model_id, repetition)`;

  problems.addFindings(
    await tx.$queryRaw<Finding[]>`
      SELECT file, line, record, pointer, format('%s scores the answer (%s, %s, %s) twice: first at record %s (line %s) of %s.',
                                rater_name, scenario_ext, model_id, repetition, first_record, first_line, first_file) AS message
      FROM (SELECT *, row_number() OVER w AS n, first_value(record) OVER w AS first_record, first_value(line) OVER w AS first_line, first_value(file) OVER w AS first_file
            FROM import_scores WINDOW w AS (PARTITION BY scenario_ext, model_id, repetition, rater_name ORDER BY file, record)) d
      WHERE n > 1 ORDER BY file, record LIMIT ${findingsLimit(context)}`,
    "rep_id",
  );
  await checkScoredAnswers(context, "import_scores", { noAnswer: "There is no answer (%s, %s, %s) in this study: import the answers first.", rowKey: "Score of (%s, %s, %s)" });
  if (!context.replace) {
    problems.addFindings(
      await tx.$queryRaw<Finding[]>`
        SELECT i.file, i.line, i.record, i.pointer, format('%s''s score of (%s, %s, %s) differs from the stored one; send replace=true to replace it.',
                                      i.rater_name, i.scenario_ext, i.model_id, i.repetition) AS message
        FROM import_scores i
        JOIN scenarios s ON s.study_id = ${studyId}::uuid AND s.external_id = i.scenario_ext
        JOIN responses r ON r.scenario_id = s.id AND r.model_id = i.model_id AND r.repetition = i.repetition
        JOIN raters rt ON rt.study_id = ${studyId}::uuid AND rt.name = i.rater_name
        JOIN ratings g ON g.response_id = r.id AND g.rater_id = rt.id
        WHERE g.content_hash IS DISTINCT FROM i.content_hash ORDER BY i.file, i.record LIMIT ${findingsLimit(context)}`,
      "omission_harm",
      "conflict",
    );
  }
  await dropRefusedRows(context, "import_scores");
  const [counts = { unchanged: 0, unscored: 0 }] = await tx.$queryRaw<{ unchanged: number; unscored: number }[]>`
    SELECT count(g.id) FILTER (WHERE g.content_hash = i.content_hash)::int AS unchanged,
           count(*) FILTER (WHERE i.omission_harm = -1 OR i.commission_harm = -1)::int AS unscored
    FROM import_scores i
    LEFT JOIN scenarios s ON s.study_id = ${studyId}::uuid AND s.external_id = i.scenario_ext
    LEFT JOIN responses r ON r.scenario_id = s.id AND r.model_id = i.model_id AND r.repetition = i.repetition
    LEFT JOIN raters rt ON rt.study_id = ${studyId}::uuid AND rt.name = i.rater_name
    LEFT JOIN ratings g ON g.response_id = r.id AND g.rater_id = rt.id`;
  if (blocked(context)) return { created: 0, unchanged: counts.unchanged, replaced: 0, unscored: counts.unscored };

  await tx.$executeRaw`
    INSERT INTO raters (id, kind, study_id, name)
    SELECT tandem_uuid_v7(), 'machine', ${studyId}::uuid, rater_name FROM (SELECT DISTINCT rater_name FROM import_scores) n
    ON CONFLICT (study_id, name) DO NOTHING`;
  const matched = Prisma.sql`
    FROM import_scores i
    JOIN scenarios s ON s.study_id = ${studyId}::uuid AND s.external_id = i.scenario_ext
    JOIN responses r ON r.scenario_id = s.id AND r.model_id = i.model_id AND r.repetition = i.repetition
    JOIN raters rt ON rt.study_id = ${studyId}::uuid AND rt.name = i.rater_name`;
  const replaced = await tx.$executeRaw`
    WITH changed AS (
      SELECT g.id, g.version, r.version AS answer_version, to_jsonb(g) AS before, i.* ${matched}
      JOIN ratings g ON g.response_id = r.id AND g.rater_id = rt.id
      WHERE g.content_hash IS DISTINCT FROM i.content_hash
    ), kept AS (
      INSERT INTO rating_revisions (id, rating_id, version, snapshot, changed_by_id)
      SELECT tandem_uuid_v7(), id, version, before, ${context.actorId}::uuid FROM changed
    ), audited AS (
      INSERT INTO audit_log (actor_id, action, entity_type, entity_id, study_id, data)
      SELECT ${context.actorId}::uuid, 'rating.replace', 'rating', id::text, ${studyId}::uuid,
             jsonb_build_object('importBatchId', ${context.batchId}::text, 'before', before)
      FROM changed
    )
    UPDATE ratings g SET omission_harm = c.omission_harm, commission_harm = c.commission_harm,
      critical_action_results = COALESCE(c.results::"CriticalActionResult"[], '{}'),
      response_class = c.response_class::"ResponseClass", omission_mechanism = c.omission_mechanism::"OmissionMechanism",
      reasoning = c.reasoning, extra = c.extra, content_hash = c.content_hash, version = c.version + 1, answer_version = c.answer_version,
      import_batch_id = ${context.batchId}::uuid, updated_at = now()
    FROM changed c WHERE g.id = c.id`;
  const created = await tx.$executeRaw`
    INSERT INTO ratings (id, response_id, rater_id, rater_kind, omission_harm, commission_harm, critical_action_results,
                         response_class, omission_mechanism, reasoning, extra, content_hash, import_batch_id, answer_version)
    SELECT tandem_uuid_v7(), r.id, rt.id, 'machine', i.omission_harm, i.commission_harm,
           COALESCE(i.results::"CriticalActionResult"[], '{}'), i.response_class::"ResponseClass",
           i.omission_mechanism::"OmissionMechanism", i.reasoning, i.extra, i.content_hash, ${context.batchId}::uuid, r.version
    ${matched}
    WHERE NOT EXISTS (SELECT 1 FROM ratings g WHERE g.response_id = r.id AND g.rater_id = rt.id)`;
  return { created, unchanged: counts.unchanged, replaced, unscored: counts.unscored };
}
