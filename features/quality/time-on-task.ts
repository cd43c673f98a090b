import "server-only";
import { prisma } from "@/lib/db/prisma";
import { median } from "@/lib/stats/descriptive";

/** One physician's time on task in a study. */
export interface TimeOnTaskRow {
  userId: string;
  physician: string;
  /** Ratings given through the study's queues. */
  ratings: number;
  cannotAssess: number;
  /** Median active minutes per rating; null without a rating. */
  medianMinutes: number | null;
  /** Active minutes over ratings and cannot-assess records together. */
  totalMinutes: number;
}

/**
 * Per physician: ratings given, cannot-assess records, the median active time
 * per rating and the total active time (ratings and cannot-assess records).
 * Active time is the time from claim to first submission less the time the
 * rater's tab was hidden (assignments.active_seconds).
 */
export async function timeOnTask(studyId: string): Promise<TimeOnTaskRow[]> {
  const rows = await prisma.$queryRaw<{ user_id: string; physician: string; status: string; seconds: number[] }[]>`
    SELECT a.user_id, u.name AS physician, a.status::text AS status, array_agg(COALESCE(a.active_seconds, 0))::int[] AS seconds
    FROM assignments a
    JOIN queue_items qi ON qi.id = a.queue_item_id
    JOIN queues q ON q.id = qi.queue_id
    JOIN users u ON u.id = a.user_id
    WHERE q.study_id = ${studyId}::uuid AND a.status IN ('submitted', 'cannot_assess')
    GROUP BY a.user_id, u.name, a.status`;
  const byUser = new Map<string, TimeOnTaskRow>();
  for (const row of rows) {
    const entry = byUser.get(row.user_id) ?? { userId: row.user_id, physician: row.physician, ratings: 0, cannotAssess: 0, medianMinutes: null, totalMinutes: 0 };
    const total = row.seconds.reduce((sum, s) => sum + s, 0) / 60;
    if (row.status === "submitted") {
      entry.ratings = row.seconds.length;
      const m = median(row.seconds);
      entry.medianMinutes = m === null ? null : m / 60;
    } else {
      entry.cannotAssess = row.seconds.length;
    }
    entry.totalMinutes += total;
    byUser.set(row.user_id, entry);
  }
  return [...byUser.values()].sort((a, b) => a.physician.localeCompare(b.physician));
}
