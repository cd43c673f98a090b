import "server-only";
import { prisma, Prisma } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { chosenModels } from "@/lib/model-choice";
import { studyModels } from "@/features/studies/facets";
import { earlierVersionsOrDefault, type EarlierVersions } from "@/lib/answer-versions";
import { resultsFilterFields, resultsScopeSchema, withRaterPairRule, type ResultsFilter } from "./filter";

export { resultsFilterFields, resultsScopeSchema, withRaterPairRule, type ResultsFilter };

export interface ResultsScope {
  studyId: string;
  queueId: string | null;
  model: string | null;
  /** The models covered when `models` or `excludeModels` is given (`model` applied too); null: no such filter. */
  models: string[] | null;
  category: string | null;
  framing: string | null;
  earlierVersions: EarlierVersions;
  /** Only answers in a queue of the study (any queue): the denominator of the progress. Never set by a filter. */
  queuedOnly?: boolean;
}

/** The scope of a filter, once the study (and the queue, if one is named) is known to exist and belong together. */
export async function resolveScope(studyId: string, filter: ResultsFilter): Promise<ResultsScope> {
  const study = await prisma.study.findUnique({ where: { id: studyId }, select: { id: true } });
  if (!study) throw notFound("The study");
  if (filter.queue !== undefined) {
    const queue = isUuid(filter.queue) ? await prisma.queue.findFirst({ where: { id: filter.queue, studyId }, select: { id: true } }) : null;
    if (!queue) throw notFound("The queue (in this study)");
  }
  const byList = filter.models !== undefined || filter.excludeModels !== undefined;
  // A single `model` the study lacks matches no answer, as it always has; the lists are checked by name.
  const models = byList ? chosenModels(await studyModels(studyId), filter) : null;
  return {
    studyId,
    queueId: filter.queue ?? null,
    model: filter.model ?? null,
    models,
    category: filter.category ?? null,
    framing: filter.framing ?? null,
    earlierVersions: earlierVersionsOrDefault(filter.earlierVersions),
  };
}

const filtered = (scope: ResultsScope) => scope.queueId !== null || scope.model !== null || scope.models !== null || scope.category !== null || scope.framing !== null || scope.queuedOnly === true;

/**
 * Only the filters that are set, so an unfiltered query never touches
 * scenarios (and PostgreSQL drops its LEFT JOIN altogether).
 */
function filters(scope: ResultsScope): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (scope.model !== null) conditions.push(Prisma.sql`r.model_id = ${scope.model}`);
  if (scope.models !== null) conditions.push(Prisma.sql`r.model_id = ANY(${scope.models}::text[])`);
  if (scope.category !== null) conditions.push(Prisma.sql`s.category = ${scope.category}`);
  if (scope.framing === "none") conditions.push(Prisma.sql`s.decoupling_framing IS NULL`);
  else if (scope.framing !== null) conditions.push(Prisma.sql`s.decoupling_framing = ${scope.framing}`);
  if (scope.queueId !== null) conditions.push(Prisma.sql`r.id IN (SELECT response_id FROM queue_items WHERE queue_id = ${scope.queueId}::uuid AND NOT gold)`);
  else if (scope.queuedOnly === true)
    conditions.push(Prisma.sql`r.id IN (SELECT qi.response_id FROM queue_items qi JOIN queues q ON q.id = qi.queue_id WHERE q.study_id = ${scope.studyId}::uuid AND NOT qi.gold)`);
  return conditions.length === 0 ? Prisma.empty : Prisma.sql`AND ${Prisma.join(conditions, " AND ")}`;
}

/** The answers in scope, for a query over `responses r LEFT JOIN scenarios s`. */
export function answersInScope(scope: ResultsScope): Prisma.Sql {
  return Prisma.sql`r.study_id = ${scope.studyId}::uuid ${filters(scope)}`;
}

/**
 * The pooled pairs (alias p) of the answers in scope, as a FROM clause with
 * its WHERE. Unfiltered, it reads pooled_pairs alone: one scan of a narrow
 * table, which is what keeps a million answers fast.
 */
export function pairsInScope(scope: ResultsScope, minimumRatings: 1 | 2): Prisma.Sql {
  // Each version of an answer's text has its own pair; only the current one's unless earlier versions are asked for.
  const versions = scope.earlierVersions === "include" ? Prisma.empty : Prisma.sql`AND p.current`;
  return filtered(scope)
    ? Prisma.sql`pooled_pairs p JOIN responses r ON r.id = p.response_id LEFT JOIN scenarios s ON s.id = r.scenario_id
        WHERE p.study_id = ${scope.studyId}::uuid AND p.ratings >= ${minimumRatings} ${versions} ${filters(scope)}`
    : Prisma.sql`pooled_pairs p WHERE p.study_id = ${scope.studyId}::uuid AND p.ratings >= ${minimumRatings} ${versions}`;
}

/** For a query over `ratings x JOIN responses r`: the ratings the version filter lets count. */
export function ratingsOfCountedVersions(scope: ResultsScope, rating: "x" | "g"): Prisma.Sql {
  return scope.earlierVersions === "include" ? Prisma.sql`true` : Prisma.sql`${Prisma.raw(rating)}.answer_version = r.version`;
}
