import "server-only";
import { prisma, Prisma } from "@/lib/db/prisma";
import { consensusOf, DEFAULT_RULE, type AdjudicationRule, type Consensus, type RatedScores } from "@/lib/stats/consensus";

/**
 * The adjudication rule in SQL, for the claim, and each queued answer's
 * consensus inputs, for the consensus, the analysis and Results. The rule
 * itself is lib/stats/consensus.ts; `needsAdjudicationSql` mirrors
 * `needsAdjudication` (tested to agree in lib/adjudication.integration.test.ts).
 */

/** The k ratings of queue item `item` (SQL naming its id): its submitted assignments of purpose `rating`, as (oh, ch, actions). */
export const itemRatingsSql = (item: Prisma.Sql) => Prisma.sql`
  SELECT g.omission_harm::int AS oh, g.commission_harm::int AS ch, g.critical_action_results::text[] AS actions
  FROM assignments ra JOIN ratings g ON g.assignment_id = ra.id
  WHERE ra.queue_item_id = ${item} AND ra.purpose = 'rating' AND ra.status = 'submitted'`;

/**
 * True when the ratings (a query yielding oh, ch, actions) need adjudication:
 * at least two of them and max − min ≥ t on OH or on CH, or, when `actions`
 * is true, a critical action (by position) that is a hit in one rating and a
 * miss in another.
 */
export const needsAdjudicationSql = (ratings: Prisma.Sql, threshold: Prisma.Sql, actions: Prisma.Sql) => Prisma.sql`(
  EXISTS (SELECT 1 FROM (${ratings}) x HAVING count(*) >= 2
            AND (max(x.oh) - min(x.oh) >= ${threshold} OR max(x.ch) - min(x.ch) >= ${threshold}))
  OR (${actions} AND EXISTS (
    SELECT 1 FROM (${ratings}) x CROSS JOIN LATERAL unnest(x.actions) WITH ORDINALITY AS u(result, position)
    GROUP BY u.position HAVING bool_or(u.result = 'hit') AND bool_or(u.result = 'miss'))))`;

/** Which queued answer a consensus is of. */
interface QueuedAnswer {
  queue_id: string;
  queue_name: string;
  response_id: string;
  scenario: string;
  model: string;
  repetition: number;
  blind_code: string;
}

/** One queued answer with its k ratings (in submission order) and the adjudication given, if any. */
export interface ConsensusInput extends QueuedAnswer {
  /** The queue's rule: its own threshold when adjudication is on, else t = 2 without critical actions. */
  adjudication_on: boolean;
  threshold: number;
  actions_rule: boolean;
  ratings: RatedScores[];
  adjudication: RatedScores | null;
}

export interface AnswerConsensus extends Consensus, QueuedAnswer {
  n_ratings: number;
  adjudication_on: boolean;
  /** The k ratings in submission order (the first is rater A, the second rater B). */
  ratings: RatedScores[];
  /** The adjudicator's rating, when one was given in a queue with adjudication on. */
  adjudicator: RatedScores | null;
}

export const ruleOf = (input: Pick<ConsensusInput, "adjudication_on" | "threshold" | "actions_rule">): AdjudicationRule =>
  input.adjudication_on ? { threshold: input.threshold, actions: input.actions_rule } : DEFAULT_RULE;

/**
 * Every answer of the study's queues (or of one queue; never a gold item)
 * that has its k submitted ratings of its text as it is now (ratings and an
 * adjudication of a replaced text are left out, as in every figure), with its
 * consensus and provenance. An answer in two queues appears once per queue.
 */
export async function studyConsensus(studyId: string, queueId: string | null = null): Promise<AnswerConsensus[]> {
  const rows = await prisma.$queryRaw<(Omit<ConsensusInput, "ratings" | "adjudication"> & { ratings: RatedScores[]; adjudication: RatedScores | null })[]>`
    SELECT q.id AS queue_id, q.name AS queue_name, r.id AS response_id, s.external_id AS scenario, r.model_id AS model,
           r.repetition, r.blind_code, q.adjudication_threshold IS NOT NULL AS adjudication_on,
           coalesce(q.adjudication_threshold, 2)::int AS threshold, q.adjudicate_actions AS actions_rule,
           rt.ratings,
           (SELECT json_build_object('oh', d.omission_harm, 'ch', d.commission_harm, 'actions', d.critical_action_results::text[])
              FROM assignments da JOIN quality_ratings d ON d.assignment_id = da.id
              WHERE da.queue_item_id = qi.id AND da.purpose = 'adjudication' AND d.kind = 'adjudication' AND d.answer_version = r.version
              ORDER BY d.created_at LIMIT 1) AS adjudication
    FROM queue_items qi
    JOIN queues q ON q.id = qi.queue_id
    JOIN responses r ON r.id = qi.response_id
    JOIN scenarios s ON s.id = r.scenario_id
    CROSS JOIN LATERAL (
      SELECT json_agg(json_build_object('oh', g.omission_harm, 'ch', g.commission_harm, 'actions', g.critical_action_results::text[])
                      ORDER BY ra.submitted_at, g.created_at) AS ratings, count(*) AS n
      FROM assignments ra JOIN ratings g ON g.assignment_id = ra.id
      WHERE ra.queue_item_id = qi.id AND ra.purpose = 'rating' AND ra.status = 'submitted' AND g.answer_version = r.version) rt
    WHERE q.study_id = ${studyId}::uuid AND (${queueId}::uuid IS NULL OR q.id = ${queueId}::uuid)
      AND NOT qi.gold AND rt.n >= q.ratings_per_item
    ORDER BY q.created_at, s.external_id, r.model_id, r.repetition`;
  return rows.map((row) => {
    const consensus = consensusOf(row.ratings, ruleOf(row), row.adjudication_on ? row.adjudication : null);
    return {
      queue_id: row.queue_id,
      queue_name: row.queue_name,
      response_id: row.response_id,
      scenario: row.scenario,
      model: row.model,
      repetition: row.repetition,
      blind_code: row.blind_code,
      n_ratings: row.ratings.length,
      adjudication_on: row.adjudication_on,
      ratings: row.ratings,
      adjudicator: row.adjudication_on ? row.adjudication : null,
      ...consensus,
    };
  });
}
