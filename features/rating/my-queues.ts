import "server-only";
import { prisma } from "@/lib/db/prisma";

/** Who locked a study and since when, as a rater may see it (never the reason, which may name models); null while open. */
const lockSelect = { lockedAt: true, lockedBy: { select: { name: true } } } as const;
function raterLock(study: { lockedAt: Date | null; lockedBy: { name: string } | null }) {
  return study.lockedAt ? { lockedAt: study.lockedAt, lockedBy: study.lockedBy?.name ?? null } : null;
}

/** A queue whose pool includes this rater (null otherwise, without telling why), and its study's lock. */
export async function queueForRater(queueId: string, userId: string) {
  const queue = await prisma.queue.findFirst({
    where: { id: queueId, raters: { some: { userId } } },
    select: { id: true, name: true, study: { select: lockSelect } },
  });
  return queue && { id: queue.id, name: queue.name, lock: raterLock(queue.study) };
}

/** The queues a rater is in the pool of, with how far this rater has got. */
export async function listQueuesForRater(userId: string) {
  const queues = await prisma.queue.findMany({
    where: { raters: { some: { userId } } },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      study: { select: { name: true, ...lockSelect } },
      _count: { select: { items: true } },
    },
  });
  const perQueue = await prisma.$queryRaw<{ queue_id: string; rated: number }[]>`
    SELECT qi.queue_id, count(*)::int AS rated
    FROM assignments a JOIN queue_items qi ON qi.id = a.queue_item_id
    WHERE a.user_id = ${userId}::uuid AND a.status = 'submitted'
    GROUP BY qi.queue_id`;
  const rated = new Map(perQueue.map((row) => [row.queue_id, row.rated]));
  return queues.map((queue) => ({
    id: queue.id,
    name: queue.name,
    studyName: queue.study.name,
    lock: raterLock(queue.study),
    items: queue._count.items,
    ratedByMe: rated.get(queue.id) ?? 0,
  }));
}
