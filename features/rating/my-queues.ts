import "server-only";
import { prisma } from "@/lib/db/prisma";
import { raterCounts, type RaterCounts } from "./claimable";
import type { MyProgress } from "./progress-text";

/** Who locked a study and since when, as a rater may see it (never the reason, which may name models); null while open. */
const lockSelect = { lockedAt: true, lockedBy: { select: { name: true } } } as const;
function raterLock(study: { lockedAt: Date | null; lockedBy: { name: string } | null }) {
  return study.lockedAt ? { lockedAt: study.lockedAt, lockedBy: study.lockedBy?.name ?? null } : null;
}

/** The queues a rater works in: their pool, or those naming them as an adjudicator (who is offered adjudications only). */
const worksIn = (userId: string) => ({ OR: [{ raters: { some: { userId } } }, { adjudicators: { some: { userId } } }] });

/** A queue whose pool includes this rater, or that names them as adjudicator (null otherwise, without telling why), its size and its study's lock. */
export async function queueForRater(queueId: string, userId: string) {
  const queue = await prisma.queue.findFirst({
    where: { id: queueId, ...worksIn(userId) },
    select: { id: true, name: true, study: { select: lockSelect }, _count: { select: { items: { where: { gold: false } } } } },
  });
  return queue && { id: queue.id, name: queue.name, items: queue._count.items, lock: raterLock(queue.study) };
}

/** What is left, as a rater is shown it: not at all in a queue mixing in quality items (see MyProgress.left). */
const shownLeft = (counts: RaterCounts | undefined): number | null => (counts?.mixesQuality ? null : (counts?.left ?? 0));

/** The rater's progress in one queue of their pool. */
export async function myProgress(queueId: string, userId: string, items: number): Promise<MyProgress> {
  const [counts] = await raterCounts([{ queueId, userId }]);
  return { rated: counts?.rated ?? 0, skipped: counts?.skipped ?? 0, holding: counts?.holding ?? 0, left: shownLeft(counts), items };
}

/** The queues a rater is in the pool of, with how far this rater has got. */
export async function listQueuesForRater(userId: string) {
  const queues = await prisma.queue.findMany({
    where: worksIn(userId),
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      study: { select: { name: true, ...lockSelect } },
      _count: { select: { items: { where: { gold: false } } } },
    },
  });
  const counts = new Map((await raterCounts(queues.map((q) => ({ queueId: q.id, userId })))).map((c) => [c.queueId, c]));
  return queues.map((queue) => {
    const mine = counts.get(queue.id);
    return {
      id: queue.id,
      name: queue.name,
      studyName: queue.study.name,
      lock: raterLock(queue.study),
      progress: { rated: mine?.rated ?? 0, skipped: mine?.skipped ?? 0, holding: mine?.holding ?? 0, left: shownLeft(mine), items: queue._count.items },
    };
  });
}
