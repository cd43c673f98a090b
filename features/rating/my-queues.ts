import "server-only";
import { prisma } from "@/lib/db/prisma";
import { raterCounts } from "./claimable";
import type { MyProgress } from "./progress-text";

/** A queue whose pool includes this rater (null otherwise, without telling why). */
export function queueForRater(queueId: string, userId: string) {
  return prisma.queue.findFirst({ where: { id: queueId, raters: { some: { userId } } }, select: { id: true, name: true, _count: { select: { items: true } } } });
}

/** The rater's progress in one queue of their pool. */
export async function myProgress(queueId: string, userId: string, items: number): Promise<MyProgress> {
  const [counts] = await raterCounts([{ queueId, userId }]);
  return { rated: counts?.rated ?? 0, skipped: counts?.skipped ?? 0, holding: counts?.holding ?? 0, left: counts?.left ?? 0, items };
}

/** The queues a rater is in the pool of, with how far this rater has got. */
export async function listQueuesForRater(userId: string) {
  const queues = await prisma.queue.findMany({
    where: { raters: { some: { userId } } },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      study: { select: { name: true, lockedAt: true } },
      _count: { select: { items: true } },
    },
  });
  const counts = new Map((await raterCounts(queues.map((q) => ({ queueId: q.id, userId })))).map((c) => [c.queueId, c]));
  return queues.map((queue) => {
    const mine = counts.get(queue.id);
    return {
      id: queue.id,
      name: queue.name,
      studyName: queue.study.name,
      locked: queue.study.lockedAt !== null,
      progress: { rated: mine?.rated ?? 0, skipped: mine?.skipped ?? 0, holding: mine?.holding ?? 0, left: mine?.left ?? 0, items: queue._count.items },
    };
  });
}
