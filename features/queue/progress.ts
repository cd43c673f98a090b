import "server-only";
import { prisma } from "@/lib/db/prisma";
import { CANNOT_ASSESS_REASONS } from "@/lib/instrument";
import { raterCounts, shortItemsSql, type ShortItemRow, type ShortReason } from "@/features/rating/claimable";

/** At most this many answers short of k are listed one by one (those no rater can complete first); the counts cover all. */
export const SHORT_ITEMS_LISTED = 500;

export interface ShortItem {
  answerId: string;
  blindCode: string;
  scenario: string;
  model: string;
  repetition: number;
  ratings: number;
  holding: number;
  eligibleRaters: number;
  reason: ShortReason;
  /** Who skipped it or could not assess it, and why. */
  skips: { userId: string; name: string; email: string; reason: string | null }[];
}

export interface QueueRaterProgress {
  userId: string;
  name: string;
  email: string;
  active: boolean;
  /** False for a rater removed from the pool whose ratings and skips stay counted. */
  inPool: boolean;
  rated: number;
  skipped: number;
  holding: number;
  left: number;
}

export interface QueueProgress {
  id: string;
  studyId: string;
  name: string;
  ratingsPerItem: number;
  items: number;
  complete: number;
  /** Answers by ratings received, 0..k, every count present. */
  coverage: { ratings: number; answers: number }[];
  short: { total: number; waiting: number; noEligibleRater: number; listed: ShortItem[]; truncated: boolean };
  raters: QueueRaterProgress[];
}

/**
 * One queue's progress (null if there is no such queue): answers by ratings
 * received, the answers short of k and why (skipped by whom and why; no
 * eligible rater left, or waiting), and each rater's counts — counted by the
 * rule of features/rating/claimable.ts, as My queues counts them.
 */
export async function queueProgress(queueId: string): Promise<QueueProgress | null> {
  const queue = await prisma.queue.findUnique({
    where: { id: queueId },
    select: { id: true, studyId: true, name: true, ratingsPerItem: true, _count: { select: { items: { where: { gold: false } } } } },
  });
  if (!queue) return null;
  const k = queue.ratingsPerItem;
  const [coverageRows, shortRows, people] = await Promise.all([
    prisma.$queryRaw<{ ratings: number; answers: number }[]>`
      SELECT LEAST(done.n, ${k})::int AS ratings, count(*)::int AS answers
      FROM queue_items qi
      CROSS JOIN LATERAL (SELECT count(*) AS n FROM assignments a WHERE a.queue_item_id = qi.id AND a.purpose = 'rating' AND a.status = 'submitted') done
      WHERE qi.queue_id = ${queueId}::uuid AND NOT qi.gold GROUP BY 1`,
    prisma.$queryRaw<ShortItemRow[]>(shortItemsSql(queueId)),
    // The pool, and anyone removed from it who left ratings, skips or holds in the queue.
    prisma.$queryRaw<{ user_id: string; name: string; email: string; active: boolean; in_pool: boolean }[]>`
      SELECT u.id AS user_id, u.name, u.email, u.active,
             EXISTS (SELECT 1 FROM queue_raters qr WHERE qr.queue_id = ${queueId}::uuid AND qr.user_id = u.id) AS in_pool
      FROM users u
      WHERE u.id IN (SELECT user_id FROM queue_raters WHERE queue_id = ${queueId}::uuid)
         OR u.id IN (SELECT a.user_id FROM assignments a JOIN queue_items qi ON qi.id = a.queue_item_id
                     WHERE qi.queue_id = ${queueId}::uuid AND a.status IN ('submitted', 'skipped', 'cannot_assess'))
      ORDER BY in_pool DESC, u.name, u.email`,
  ]);
  const counts = new Map((await raterCounts(people.map((p) => ({ queueId, userId: p.user_id })))).map((c) => [c.userId, c]));
  const coverage = Array.from({ length: k + 1 }, (_, ratings) => ({ ratings, answers: coverageRows.find((c) => c.ratings === ratings)?.answers ?? 0 }));
  const stuckFirst = [...shortRows].sort((a, b) => Number(b.reason === "no_eligible_rater") - Number(a.reason === "no_eligible_rater"));
  const listed = await describeShortItems(stuckFirst.slice(0, SHORT_ITEMS_LISTED));
  return {
    id: queue.id,
    studyId: queue.studyId,
    name: queue.name,
    ratingsPerItem: k,
    items: queue._count.items,
    complete: coverage[k]?.answers ?? 0,
    coverage,
    short: {
      total: shortRows.length,
      waiting: shortRows.filter((r) => r.reason === "waiting").length,
      noEligibleRater: shortRows.filter((r) => r.reason === "no_eligible_rater").length,
      listed,
      truncated: shortRows.length > listed.length,
    },
    raters: people.map((p) => {
      const c = counts.get(p.user_id);
      // Someone no longer in the pool has nothing left to claim there.
      const left = p.in_pool ? (c?.left ?? 0) : 0;
      return { userId: p.user_id, name: p.name, email: p.email, active: p.active, inPool: p.in_pool, rated: c?.rated ?? 0, skipped: c?.skipped ?? 0, holding: c?.holding ?? 0, left };
    }),
  };
}

/** The answers behind short items, as an admin or researcher may see them, with who skipped them and why. */
async function describeShortItems(rows: ShortItemRow[]): Promise<ShortItem[]> {
  if (rows.length === 0) return [];
  const itemIds = rows.map((r) => r.queue_item_id);
  const [answers, skips] = await Promise.all([
    prisma.response.findMany({
      where: { id: { in: rows.map((r) => r.response_id) } },
      select: { id: true, blindCode: true, modelId: true, repetition: true, scenario: { select: { externalId: true } } },
    }),
    prisma.assignment.findMany({
      where: { queueItemId: { in: itemIds }, purpose: "rating", status: { in: ["skipped", "cannot_assess"] } },
      select: { queueItemId: true, skipReason: true, cannotAssessReason: true, user: { select: { id: true, name: true, email: true } } },
      orderBy: { claimedAt: "asc" },
    }),
  ]);
  const answerById = new Map(answers.map((a) => [a.id, a]));
  const skipsByItem = new Map<string, typeof skips>();
  for (const skip of skips) skipsByItem.set(skip.queueItemId, [...(skipsByItem.get(skip.queueItemId) ?? []), skip]);
  return rows.map((row) => {
    const answer = answerById.get(row.response_id);
    return {
      answerId: row.response_id,
      blindCode: answer?.blindCode ?? "",
      scenario: answer?.scenario.externalId ?? "",
      model: answer?.modelId ?? "",
      repetition: answer?.repetition ?? 0,
      ratings: row.submitted,
      holding: row.holding,
      eligibleRaters: row.eligible,
      reason: row.reason,
      skips: (skipsByItem.get(row.queue_item_id) ?? []).map((s) => ({
        userId: s.user.id,
        name: s.user.name,
        email: s.user.email,
        reason: s.cannotAssessReason ? `Cannot assess: ${CANNOT_ASSESS_REASONS[s.cannotAssessReason].label.toLowerCase()}` : s.skipReason,
      })),
    };
  });
}
