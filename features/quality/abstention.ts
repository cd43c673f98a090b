import "server-only";
import { prisma } from "@/lib/db/prisma";
import { abstentionRates, type AbstentionFigure } from "@/lib/stats/abstention";

/** One row of an abstention table: who or what, and its figure. */
export type AbstentionRow = AbstentionFigure & { group: string; label: string };

export interface StudyAbstention {
  physicians: AbstentionRow[];
  models: AbstentionRow[];
  categories: AbstentionRow[];
}

interface CountRow {
  user_id: string;
  physician: string;
  model_id: string;
  category: string;
  ratings: number;
  cannot_assess: number;
}

/**
 * The study's abstention rates: cannot-assess records over ratings given plus
 * cannot-assess records, per physician, per model and per category of
 * scenario. Counted over the assignments of the study's queues (a rating given
 * is a submitted assignment; a cannot-assess is no rating, so it is only here).
 */
export async function studyAbstention(studyId: string): Promise<StudyAbstention> {
  const counts = await prisma.$queryRaw<CountRow[]>`
    SELECT a.user_id, u.name AS physician, r.model_id, s.category,
           count(*) FILTER (WHERE a.status = 'submitted')::int AS ratings,
           count(*) FILTER (WHERE a.status = 'cannot_assess')::int AS cannot_assess
    FROM assignments a
    JOIN queue_items qi ON qi.id = a.queue_item_id
    JOIN queues q ON q.id = qi.queue_id
    JOIN responses r ON r.id = qi.response_id
    JOIN scenarios s ON s.id = r.scenario_id
    JOIN users u ON u.id = a.user_id
    WHERE q.study_id = ${studyId}::uuid AND a.status IN ('submitted', 'cannot_assess')
    GROUP BY a.user_id, u.name, r.model_id, s.category`;
  const names = new Map(counts.map((c) => [c.user_id, c.physician]));
  const by = (key: (c: CountRow) => string, label: (group: string) => string): AbstentionRow[] =>
    abstentionRates(counts.map((c) => ({ group: key(c), ratings: c.ratings, cannot_assess: c.cannot_assess })))
      .map((figure) => ({ ...figure, label: label(figure.group) }))
      .sort((a, b) => a.label.localeCompare(b.label));
  return {
    physicians: by((c) => c.user_id, (id) => names.get(id) ?? id),
    models: by((c) => c.model_id, (model) => model),
    categories: by((c) => c.category, (category) => category),
  };
}
