import "server-only";
import { z } from "zod";
import { Prisma } from "@/lib/db/prisma";

/** Which answers (and which physician ratings) the results cover: a study, optionally one queue, filtered. */
export const resultsScopeSchema = z.object({
  queue: z.string().trim().min(1).optional(),
  model: z.string().trim().min(1).optional(),
  category: z.string().trim().min(1).optional(),
  /** A decoupling framing (layperson, physician), or "none" for scenarios outside any pair. */
  framing: z.string().trim().min(1).optional(),
});
export type ResultsFilter = z.output<typeof resultsScopeSchema>;

export interface ResultsScope {
  studyId: string;
  queueId: string | null;
  model: string | null;
  category: string | null;
  framing: string | null;
}

/** The answers in scope, for a query over `responses r JOIN scenarios s`. */
export function answersInScope(scope: ResultsScope): Prisma.Sql {
  return Prisma.sql`r.study_id = ${scope.studyId}::uuid
    AND (${scope.model}::text IS NULL OR r.model_id = ${scope.model}::text)
    AND (${scope.category}::text IS NULL OR s.category = ${scope.category}::text)
    AND (${scope.framing}::text IS NULL OR s.decoupling_framing = ${scope.framing}::text OR (${scope.framing}::text = 'none' AND s.decoupling_framing IS NULL))
    AND (${scope.queueId}::uuid IS NULL OR r.id IN (SELECT response_id FROM queue_items WHERE queue_id = ${scope.queueId}::uuid))`;
}

/** Physician ratings in scope (alias g); with a queue, only the ratings given in it. */
export function physicianRatingsInScope(scope: ResultsScope): Prisma.Sql {
  return Prisma.sql`g.rater_kind = 'physician'
    AND (${scope.queueId}::uuid IS NULL OR g.assignment_id IN (
      SELECT a.id FROM assignments a JOIN queue_items qi ON qi.id = a.queue_item_id WHERE qi.queue_id = ${scope.queueId}::uuid))`;
}
