import "server-only";
import { newBlindCode } from "@/lib/blind-code";
import { ratedAnswersError } from "./rated-answers";
import { answerKeyOf, blocked, dropRefusedRows, findingsLimit, validRecords, type ImportContext, type ImportCounts, type RecordAt } from "./context";
import { escapedInJson, responseContentHash } from "./hashes";
import { plainResponseRow, RESPONSE_CSV_COLUMNS, responseRowSchema, typedResponseCsvRow } from "./schemas";
import type { Finding } from "./problems";
import { repeatedAnswerKeys } from "./repeated-answer-keys";
import { SeenKeys } from "./seen-keys";
import { escapeCopy, type StagedAnswerKey, type StagedColumns } from "./staging";
import { uuidV7 } from "./uuid-v7";

/** A staging row: the column names of import_responses. */
interface Staged extends StagedAnswerKey {
  /** The answer's text in COPY's text format. */
  body: string;
  output_tokens: number | null;
  content_filtered: boolean;
  metadata: Record<string, unknown>;
  content_hash: string;
  blind_code: string;
}

const STAGED_COLUMNS: StagedColumns<Staged> = [
  ["file", "text"], ["line", "int"], ["record", "int"], ["pointer", "text"], ["scenario_ext", "text"], ["model_id", "text"],
  ["repetition", "int"], ["body", "copy"], ["output_tokens", "int"], ["content_filtered", "bool"], ["metadata", "jsonb"],
  ["content_hash", "text"], ["blind_code", "text"],
];

/** A row of `responses` as the direct path writes it. */
interface Direct {
  id: string;
  study_id: string;
  scenario_id: string;
  model_id: string;
  repetition: number;
  /** The answer's text in COPY's text format. */
  text: string;
  output_tokens: number | null;
  content_filtered: boolean;
  metadata: Record<string, unknown>;
  blind_code: string;
  content_hash: string;
  import_batch_id: string;
}

const DIRECT_COLUMNS: StagedColumns<Direct> = [
  ["id", "text"], ["study_id", "text"], ["scenario_id", "text"], ["model_id", "text"], ["repetition", "int"], ["text", "copy"],
  ["output_tokens", "int"], ["content_filtered", "bool"], ["metadata", "jsonb"], ["blind_code", "text"], ["content_hash", "text"],
  ["import_batch_id", "text"],
];

/**
 * Model answers (docs/design.md §4), by their natural key (scenario, model, repetition).
 * A study with no answers yet (its row is locked for the import, so it stays so) has
 * nothing to compare with or replace: the rows go straight into `responses` (see
 * `insertDirectly`). Otherwise they are staged and merged.
 */
export async function importResponses(context: ImportContext): Promise<ImportCounts> {
  const [{ stored } = { stored: true }] = await context.tx.$queryRaw<{ stored: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM responses WHERE study_id = ${context.studyId}::uuid) AS stored`;
  return stored ? stageAndMerge(context) : insertDirectly(context);
}

/**
 * Answers of a study that has none: each valid row is written to `responses` with one
 * `COPY … FROM STDIN` while the upload is read, with no staging table and no merge.
 * The checks the merge path runs in SQL run here row by row with the same messages:
 * the scenario is looked up among the study's scenarios (read once), and a key seen
 * before in the upload (`SeenKeys`) is a duplicate, named with where it first
 * appeared. A row with a problem is never written; once the upload is refused (any
 * problem, unless ?invalid=skip) no more rows are written, and the transaction is
 * rolled back, so all-or-nothing holds.
 */
async function insertDirectly(context: ImportContext): Promise<ImportCounts> {
  const { tx, studyId, problems } = context;
  const scenarioIds = new Map(
    (await tx.$queryRaw<{ external_id: string; id: string }[]>`
      SELECT external_id, id::text AS id FROM scenarios WHERE study_id = ${studyId}::uuid`).map((s) => [s.external_id, s.id]),
  );
  const writer = context.staging("responses", DIRECT_COLUMNS);
  const seen = new SeenKeys();
  const files: string[] = [];
  const fileIndex = new Map<string, number>();
  const limit = findingsLimit(context);
  const duplicates: Finding[] = [];
  const unknownScenarios: Finding[] = [];
  for await (const rows of validRecords(context, responseRowSchema, { csvColumns: RESPONSE_CSV_COLUMNS, prepareCsv: typedResponseCsvRow, keyOf: answerKeyOf("Answer"), plain: plainResponseRow })) for (const { at, row } of rows) {
    let file = fileIndex.get(at.file);
    if (file === undefined) {
      file = files.push(at.file) - 1;
      fileIndex.set(at.file, file);
    }
    const first = seen.see(`${row.scenario_id}\u0000${row.model_id}\u0000${row.rep_id}`, { file, record: at.record, line: at.line });
    if (first && (limit === null || duplicates.length < limit)) {
      duplicates.push({
        ...findingPlace(at),
        message: `The answer (${row.scenario_id}, ${row.model_id}, ${row.rep_id}) appears twice: first at record ${first.record} (line ${first.line}) of ${files[first.file] ?? ""}.`,
      });
    }
    const scenarioId = scenarioIds.get(row.scenario_id);
    if (scenarioId === undefined && (limit === null || unknownScenarios.length < limit)) {
      unknownScenarios.push({ ...findingPlace(at), message: `There is no scenario ${row.scenario_id} in this study: import the scenarios first.` });
    }
    // A refused upload is rolled back whole: its rows need not be written, only checked.
    const refused = blocked(context) || (!context.skipInvalid && (duplicates.length > 0 || unknownScenarios.length > 0));
    if (first || scenarioId === undefined || refused) continue;
    const escaped = escapedInJson(row.response);
    const pending = writer.add({
      id: uuidV7(),
      study_id: studyId,
      scenario_id: scenarioId,
      model_id: row.model_id,
      repetition: row.rep_id,
      text: escaped ? escapeCopy(row.response) : row.response,
      output_tokens: row.output_tokens ?? null,
      content_filtered: row.content_filtered,
      metadata: row.metadata,
      blind_code: newBlindCode(),
      content_hash: responseContentHash(row, escaped),
      import_batch_id: context.batchId,
    });
    if (pending) await pending;
  }
  const written = await writer.finish();
  problems.addFindings(duplicates, "rep_id");
  problems.addFindings(unknownScenarios, "scenario_id");
  if (blocked(context)) return { created: 0, unchanged: 0, replaced: 0 };
  return { created: written, unchanged: 0, replaced: 0 };
}

/** Where a finding stands, made only for a row that has one. */
const findingPlace = (at: RecordAt) => ({ file: at.file, line: at.line, record: at.record, pointer: at.pointer ?? null });

/** Answers of a study that has some: staged, checked set-wise against the stored ones, then merged. */
async function stageAndMerge(context: ImportContext): Promise<ImportCounts> {
  const { tx, studyId, problems } = context;
  await tx.$executeRaw`
    CREATE TEMP TABLE import_responses (
      file text NOT NULL, line int NOT NULL, record int NOT NULL, pointer text, scenario_ext text NOT NULL, model_id text NOT NULL,
      repetition int NOT NULL, body text NOT NULL, output_tokens int, content_filtered boolean NOT NULL,
      metadata jsonb NOT NULL, content_hash text NOT NULL, blind_code text NOT NULL
    ) ON COMMIT DROP`;
  const staging = context.staging("import_responses", STAGED_COLUMNS);
  // Valid rows are staged even after a problem, so the checks below can list every bad row.
  for await (const rows of validRecords(context, responseRowSchema, { csvColumns: RESPONSE_CSV_COLUMNS, prepareCsv: typedResponseCsvRow, keyOf: answerKeyOf("Answer"), plain: plainResponseRow })) for (const { at, row } of rows) {
    const escaped = escapedInJson(row.response);
    const pending = staging.add({
      ...at,
      pointer: at.pointer ?? null,
      scenario_ext: row.scenario_id,
      model_id: row.model_id,
      repetition: row.rep_id,
      body: escaped ? escapeCopy(row.response) : row.response,
      output_tokens: row.output_tokens ?? null,
      content_filtered: row.content_filtered,
      metadata: row.metadata,
      content_hash: responseContentHash(row, escaped),
      blind_code: newBlindCode(),
    });
    if (pending) await pending;
  }
  await staging.finish();
  await tx.$executeRaw`CREATE INDEX ON import_responses (scenario_ext, model_id, repetition)`;

  await repeatedAnswerKeys(context, "import_responses", "The answer (%s, %s, %s) appears twice: first at record %s (line %s) of %s.");
  problems.addFindings(
    await tx.$queryRaw<Finding[]>`
      SELECT i.file, i.line, i.record, i.pointer, format('There is no scenario %s in this study: import the scenarios first.', i.scenario_ext) AS message
      FROM import_responses i LEFT JOIN scenarios s ON s.study_id = ${studyId}::uuid AND s.external_id = i.scenario_ext
      WHERE s.id IS NULL ORDER BY i.file, i.record LIMIT ${findingsLimit(context)}`,
    "scenario_id",
  );
  if (!context.replace) {
    problems.addFindings(
      await tx.$queryRaw<Finding[]>`
        SELECT i.file, i.line, i.record, i.pointer, format('The answer (%s, %s, %s) differs from the stored one; send replace=true to replace it.',
                                      i.scenario_ext, i.model_id, i.repetition) AS message
        FROM import_responses i
        JOIN scenarios s ON s.study_id = ${studyId}::uuid AND s.external_id = i.scenario_ext
        JOIN responses r ON r.scenario_id = s.id AND r.model_id = i.model_id AND r.repetition = i.repetition
        WHERE r.content_hash <> i.content_hash ORDER BY i.file, i.record LIMIT ${findingsLimit(context)}`,
      undefined,
      "conflict",
    );
  }
  await dropRefusedRows(context, "import_responses");
  if (context.replace) await refuseRatedReplacements(context);
  const [{ unchanged } = { unchanged: 0 }] = await tx.$queryRaw<{ unchanged: number }[]>`
    SELECT count(r.id) FILTER (WHERE r.content_hash = i.content_hash)::int AS unchanged
    FROM import_responses i
    LEFT JOIN scenarios s ON s.study_id = ${studyId}::uuid AND s.external_id = i.scenario_ext
    LEFT JOIN responses r ON r.scenario_id = s.id AND r.model_id = i.model_id AND r.repetition = i.repetition`;
  if (blocked(context)) return { created: 0, unchanged, replaced: 0 };
  // An answer with ratings of its current text keeps that text as a version and moves to the next
  // one; its ratings stay, given to the earlier version. An answer without them is simply replaced.
  const replaced = await tx.$executeRaw`
    WITH changed AS (
      SELECT r.id, to_jsonb(r) AS before, r.version, r.text AS old_text, r.output_tokens AS old_tokens,
             r.content_filtered AS old_filtered, r.metadata AS old_metadata, r.content_hash AS old_hash,
             (SELECT count(*) FROM ratings g WHERE g.response_id = r.id AND g.answer_version = r.version)::int AS rated,
             i.body, i.output_tokens, i.content_filtered, i.metadata, i.content_hash
      FROM import_responses i
      JOIN scenarios s ON s.study_id = ${studyId}::uuid AND s.external_id = i.scenario_ext
      JOIN responses r ON r.scenario_id = s.id AND r.model_id = i.model_id AND r.repetition = i.repetition
      WHERE r.content_hash <> i.content_hash
    ), kept AS (
      INSERT INTO answer_versions (id, response_id, version, text, output_tokens, content_filtered, metadata, content_hash,
                                   replaced_by_id, import_batch_id)
      SELECT tandem_uuid_v7(), id, version, old_text, old_tokens, old_filtered, old_metadata, old_hash,
             ${context.actorId}::uuid, ${context.batchId}::uuid
      FROM changed WHERE rated > 0
    ), released AS (
      -- A hold on a replaced answer was given for the earlier text: it goes, so that no rating of a
      -- text the rater never saw is saved; the answer is offered again with its new text.
      DELETE FROM assignments a USING queue_items qi, changed c
      WHERE a.queue_item_id = qi.id AND qi.response_id = c.id AND a.status = 'active'
    ), audited AS (
      INSERT INTO audit_log (actor_id, action, entity_type, entity_id, study_id, data)
      SELECT ${context.actorId}::uuid, CASE WHEN rated > 0 THEN 'response.replace_rated' ELSE 'response.replace' END,
             'response', id::text, ${studyId}::uuid,
             jsonb_build_object('importBatchId', ${context.batchId}::text, 'before', before - 'blind_code',
                                'ratings', rated, 'version', version + CASE WHEN rated > 0 THEN 1 ELSE 0 END)
      FROM changed
    )
    UPDATE responses r SET text = c.body, output_tokens = c.output_tokens, content_filtered = c.content_filtered,
      metadata = c.metadata, content_hash = c.content_hash, import_batch_id = ${context.batchId}::uuid,
      version = r.version + CASE WHEN c.rated > 0 THEN 1 ELSE 0 END
    FROM changed c WHERE r.id = c.id`;
  const created = await tx.$executeRaw`
    INSERT INTO responses (id, study_id, scenario_id, model_id, repetition, text, output_tokens, content_filtered,
                           metadata, blind_code, content_hash, import_batch_id)
    SELECT tandem_uuid_v7(), ${studyId}::uuid, s.id, i.model_id, i.repetition, i.body, i.output_tokens,
           i.content_filtered, i.metadata, i.blind_code, i.content_hash, ${context.batchId}::uuid
    FROM import_responses i
    JOIN scenarios s ON s.study_id = ${studyId}::uuid AND s.external_id = i.scenario_ext
    WHERE NOT EXISTS (SELECT 1 FROM responses r WHERE r.scenario_id = s.id AND r.model_id = i.model_id AND r.repetition = i.repetition)`;
  return { created, unchanged, replaced };
}

/**
 * Locks the stored answers this upload would replace (a rating being
 * submitted holds its answer FOR SHARE, so it lands before or after, never
 * in between), then, unless replace=rated was sent, refuses the upload if
 * any of them has ratings of its current text: a 409 naming each answer and
 * how many ratings it has. Nothing is written on refusal.
 */
async function refuseRatedReplacements(context: ImportContext): Promise<void> {
  const { tx, studyId } = context;
  await tx.$queryRaw`
    SELECT count(*)::int AS locked FROM (
      SELECT r.id FROM import_responses i
      JOIN scenarios s ON s.study_id = ${studyId}::uuid AND s.external_id = i.scenario_ext
      JOIN responses r ON r.scenario_id = s.id AND r.model_id = i.model_id AND r.repetition = i.repetition
      WHERE r.content_hash <> i.content_hash ORDER BY r.id FOR UPDATE OF r) changed`;
  if (context.replaceRated || blocked(context)) return;
  // The first thousand are listed; the totals count them all.
  const rated = await tx.$queryRaw<(Finding & { ratings: number; answers: number; total: number })[]>`
    SELECT i.file, i.line, i.record, i.pointer, n.ratings, count(*) OVER ()::int AS answers, (sum(n.ratings) OVER ())::int AS total,
           format('The answer (%s, %s, %s) has %s rating%s of its current text; send replace=rated to replace it (its ratings are kept, marked as given to version %s).',
                  i.scenario_ext, i.model_id, i.repetition, n.ratings, CASE WHEN n.ratings = 1 THEN '' ELSE 's' END, r.version) AS message
    FROM import_responses i
    JOIN scenarios s ON s.study_id = ${studyId}::uuid AND s.external_id = i.scenario_ext
    JOIN responses r ON r.scenario_id = s.id AND r.model_id = i.model_id AND r.repetition = i.repetition
    CROSS JOIN LATERAL (SELECT count(*)::int AS ratings FROM ratings g WHERE g.response_id = r.id AND g.answer_version = r.version) n
    WHERE r.content_hash <> i.content_hash AND n.ratings > 0
    ORDER BY i.file, i.record LIMIT ${findingsLimit(context)}`;
  const [first] = rated;
  if (!first) return;
  throw ratedAnswersError({ answers: first.answers, ratings: first.total }, rated);
}
