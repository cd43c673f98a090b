import "server-only";
import { z } from "zod";
import { prisma, Prisma } from "@/lib/db/prisma";
import { invalid, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { EarlierVersions } from "@/lib/answer-versions";
import { rowStream } from "@/lib/csv";
import { chosenModels } from "@/lib/model-choice";
import { resultsFilterFields } from "@/lib/results-filter";
import { sameRater, withRaterPairRule } from "@/lib/rater-pair";

/**
 * The columns of the ratings export, in order: every rating unblinded, one
 * row each. New columns are only ever added at the end, so a script that
 * reads columns by position keeps working.
 */
export const RATING_EXPORT_COLUMNS = [
  "rating_id", "scenario_id", "model_id", "repetition", "blind_code", "rater", "rater_kind", "queue",
  "omission_harm", "commission_harm", "critical_action_results", "response_class", "omission_mechanism", "reasoning",
  "version", "answer_version", "answer_current", "created_at", "updated_at",
  "framing", "content_filtered", "time_on_task_seconds",
] as const;
type ExportValue = string | number | boolean | null;
type Column = (typeof RATING_EXPORT_COLUMNS)[number];
/** A row as NDJSON writes it: critical_action_results is an array; CSV joins it with ";". */
type ExportRow = Record<Exclude<Column, "critical_action_results">, ExportValue> & { critical_action_results: string[] };

/**
 * The filters of the export: the Results page's own query parameters, so its
 * export links carry the page's filter as it is. Any other parameter is
 * refused by name, and so is a rater pair the Results page refuses (one rater
 * alone, or the same one twice).
 */
export const ratingsExportQuery = withRaterPairRule(
  z.strictObject({
    format: z.enum(["csv", "ndjson"], { error: "format must be csv or ndjson." }).default("csv"),
    // `queue` keeps every rating of that queue's answers (the answers the page's figures cover); without
    // `earlierVersions` every rating is exported, with "exclude" only ratings of the answer's current text.
    ...resultsFilterFields.shape,
  }),
);
export type RatingsExportQuery = z.output<typeof ratingsExportQuery>;

/** A rater named by the filter, resolved by the caller to the study's rater. */
export interface ExportRater {
  id: string;
  name: string;
}

export interface RatingsExportFilter {
  queue?: string;
  model?: string;
  models?: string[];
  excludeModels?: string[];
  category?: string;
  framing?: string;
  raters?: ExportRater[];
  earlierVersions?: EarlierVersions;
}

interface Scope {
  studyId: string;
  queueId: string | null;
  model: string | null;
  /** The models of `models`; null: any. */
  models: string[] | null;
  /** The models of `excludeModels`, left out. */
  excludeModels: string[];
  category: string | null;
  framing: string | null;
  raterIds: string[];
  currentOnly: boolean;
}

/** The conditions on `ratings g JOIN responses r JOIN scenarios s` of the ratings in scope. */
function conditions(scope: Scope): Prisma.Sql {
  const where: Prisma.Sql[] = [Prisma.sql`r.study_id = ${scope.studyId}::uuid`];
  if (scope.queueId !== null) where.push(Prisma.sql`r.id IN (SELECT response_id FROM queue_items WHERE queue_id = ${scope.queueId}::uuid AND NOT gold)`);
  if (scope.model !== null) where.push(Prisma.sql`r.model_id = ${scope.model}`);
  if (scope.models !== null) where.push(Prisma.sql`r.model_id = ANY(${scope.models}::text[])`);
  if (scope.excludeModels.length > 0) where.push(Prisma.sql`r.model_id <> ALL(${scope.excludeModels}::text[])`);
  if (scope.category !== null) where.push(Prisma.sql`s.category = ${scope.category}`);
  if (scope.framing === "none") where.push(Prisma.sql`s.decoupling_framing IS NULL`);
  else if (scope.framing !== null) where.push(Prisma.sql`s.decoupling_framing = ${scope.framing}`);
  if (scope.currentOnly) where.push(Prisma.sql`g.answer_version = r.version`);
  if (scope.raterIds.length > 0) {
    where.push(Prisma.sql`g.rater_id IN (${Prisma.join(scope.raterIds.map((id) => Prisma.sql`${id}::uuid`))})`);
    // Two raters: only the answers each of them rated (the text counted, when only current texts are).
    if (scope.raterIds.length > 1) {
      for (const id of scope.raterIds) {
        const version = scope.currentOnly ? Prisma.sql`AND o.answer_version = r.version` : Prisma.empty;
        where.push(Prisma.sql`EXISTS (SELECT 1 FROM ratings o WHERE o.response_id = r.id AND o.rater_id = ${id}::uuid ${version})`);
      }
    }
  }
  return Prisma.join(where, " AND ");
}

interface RawRow {
  id: string;
  scenario_id: string;
  model_id: string;
  repetition: number;
  blind_code: string;
  rater: string;
  rater_kind: string;
  queue: string | null;
  omission_harm: number;
  commission_harm: number;
  critical_action_results: string[];
  response_class: string | null;
  omission_mechanism: string | null;
  reasoning: string | null;
  version: number;
  answer_version: number;
  answer_current: boolean;
  created_at: Date;
  updated_at: Date;
  framing: string | null;
  content_filtered: boolean;
  time_on_task_seconds: number | null;
}

const PAGE = 2000;

/** The ratings in scope in id order, read a page at a time so memory stays flat. */
async function* ratingRows(scope: Scope): AsyncGenerator<ExportRow> {
  let after: string | null = null;
  for (;;) {
    const keyset: Prisma.Sql = after === null ? Prisma.empty : Prisma.sql`AND g.id > ${after}::uuid`;
    // content_filtered is the flag of the text that was rated (an earlier text keeps its own);
    // time on task is the active time stored at the first submission (claim to submission, less the time the tab was
    // hidden), and is null without an assignment (machine scores, imports).
    const page: RawRow[] = await prisma.$queryRaw<RawRow[]>`
      SELECT g.id, s.external_id AS scenario_id, r.model_id, r.repetition, r.blind_code, rt.name AS rater, g.rater_kind::text AS rater_kind,
             q.name AS queue, g.omission_harm::int AS omission_harm, g.commission_harm::int AS commission_harm,
             g.critical_action_results::text[] AS critical_action_results, g.response_class::text AS response_class,
             g.omission_mechanism::text AS omission_mechanism, g.reasoning, g.version, g.answer_version,
             g.answer_version = r.version AS answer_current, g.created_at, g.updated_at,
             s.decoupling_framing AS framing,
             COALESCE(av.content_filtered, r.content_filtered) AS content_filtered,
             a.active_seconds AS time_on_task_seconds
      FROM ratings g
      JOIN responses r ON r.id = g.response_id
      JOIN scenarios s ON s.id = r.scenario_id
      JOIN raters rt ON rt.id = g.rater_id
      LEFT JOIN answer_versions av ON av.response_id = r.id AND av.version = g.answer_version AND g.answer_version <> r.version
      LEFT JOIN assignments a ON a.id = g.assignment_id
      LEFT JOIN queue_items qi ON qi.id = a.queue_item_id
      LEFT JOIN queues q ON q.id = qi.queue_id
      WHERE ${conditions(scope)} ${keyset}
      ORDER BY g.id
      LIMIT ${PAGE}`;
    for (const g of page) {
      yield {
        rating_id: g.id,
        scenario_id: g.scenario_id,
        model_id: g.model_id,
        repetition: g.repetition,
        blind_code: g.blind_code,
        rater: g.rater,
        rater_kind: g.rater_kind,
        queue: g.queue,
        omission_harm: g.omission_harm,
        commission_harm: g.commission_harm,
        critical_action_results: g.critical_action_results,
        response_class: g.response_class,
        omission_mechanism: g.omission_mechanism,
        reasoning: g.reasoning,
        version: g.version,
        // The version of the answer's text this rating was given to, and whether that text is still the answer's.
        answer_version: g.answer_version,
        answer_current: g.answer_current,
        created_at: g.created_at.toISOString(),
        updated_at: g.updated_at.toISOString(),
        framing: g.framing,
        content_filtered: g.content_filtered,
        time_on_task_seconds: g.time_on_task_seconds,
      };
    }
    if (page.length < PAGE) return;
    after = page.at(-1)?.id ?? null;
  }
}

/** A 422 naming the parameter if `models` or `excludeModels` names a model the study has no answer from (one index probe per name). */
async function checkModelNames(studyId: string, filter: RatingsExportFilter): Promise<void> {
  const names = [...new Set([...(filter.models ?? []), ...(filter.excludeModels ?? [])])];
  const known: string[] = [];
  for (const name of names) {
    const hit = await prisma.$queryRaw<unknown[]>`SELECT 1 FROM responses WHERE study_id = ${studyId}::uuid AND model_id = ${name} LIMIT 1`;
    if (hit.length > 0) known.push(name);
  }
  chosenModels(known, { models: filter.models, excludeModels: filter.excludeModels });
}

export type ExportFormat = "csv" | "ndjson";

/** A file-name part: letters, digits, dot, dash and underscore only. */
const slug = (text: string, fallback: string) => text.replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || fallback;

/** The filter's parts, for the file name and for what the page says the export holds. */
function filterParts(filter: RatingsExportFilter, queueName: string | null): string[] {
  const parts: string[] = [];
  if (queueName !== null) parts.push(`queue-${slug(queueName, "queue")}`);
  if (filter.model !== undefined) parts.push(`model-${slug(filter.model, "model")}`);
  if (filter.models !== undefined) parts.push(`models-${filter.models.map((m) => slug(m, "model")).join("-")}`);
  if (filter.excludeModels !== undefined) parts.push(`without-${filter.excludeModels.map((m) => slug(m, "model")).join("-")}`);
  if (filter.category !== undefined) parts.push(`category-${slug(filter.category, "category")}`);
  if (filter.framing !== undefined) parts.push(`framing-${slug(filter.framing, "framing")}`);
  if (filter.raters && filter.raters.length > 0) parts.push(`raters-${filter.raters.map((r) => slug(r.name, "rater")).join("-")}`);
  if (filter.earlierVersions === "exclude") parts.push("current-texts");
  return parts;
}

/**
 * The study's ratings in the filter's scope as a CSV (formula-safe) or NDJSON
 * stream, named after the study and the filter
 * (`ratings-<study>[-queue-<name>]….csv`). 404 before anything is sent if
 * the study, or the queue in it, is unknown.
 */
export async function exportRatings(studyId: string, format: ExportFormat, filter: RatingsExportFilter = {}): Promise<{ stream: ReadableStream<Uint8Array>; filename: string }> {
  const study = await prisma.study.findUnique({ where: { id: studyId }, select: { id: true, name: true } });
  if (!study) throw notFound("The study");
  let queueName: string | null = null;
  if (filter.queue !== undefined) {
    const queue = isUuid(filter.queue) ? await prisma.queue.findFirst({ where: { id: filter.queue, studyId }, select: { name: true } }) : null;
    if (!queue) throw notFound(`The queue "${filter.queue}" (in this study)`);
    queueName = queue.name;
  }
  await checkModelNames(study.id, filter);
  const raterIds = (filter.raters ?? []).map((r) => r.id);
  // Two names of the same rater (its id and its name, say) compare nothing, as the same name twice does not.
  if (raterIds.length === 2 && raterIds[0] === raterIds[1]) throw invalid(sameRater.message, [{ field: sameRater.field, message: sameRater.message }]);
  const scope: Scope = {
    studyId: study.id,
    queueId: filter.queue ?? null,
    model: filter.model ?? null,
    models: filter.models ?? null,
    excludeModels: filter.excludeModels ?? [],
    category: filter.category ?? null,
    framing: filter.framing ?? null,
    raterIds,
    currentOnly: filter.earlierVersions === "exclude",
  };
  const stream = rowStream(ratingRows(scope), {
    format,
    columns: RATING_EXPORT_COLUMNS,
    cells: (row) => RATING_EXPORT_COLUMNS.map((c) => (c === "critical_action_results" ? row.critical_action_results.join(";") : row[c])),
    what: "Ratings export",
  });
  const name = ["ratings", slug(study.name, "study"), ...filterParts(filter, queueName)].join("-");
  return { stream, filename: `${name}.${format}` };
}
