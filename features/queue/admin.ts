import "server-only";
import { prisma } from "@/lib/db/prisma";

/** A study's queues with their progress: answers that have all the ratings they need. */
export async function listStudyQueues(studyId: string) {
  const queues = await prisma.queue.findMany({
    where: { studyId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, ratingsPerItem: true, createdAt: true, _count: { select: { items: true, raters: true } } },
  });
  const complete = await prisma.$queryRaw<{ queue_id: string; complete: number }[]>`
    SELECT q.id AS queue_id, count(*) FILTER (WHERE done.n >= q.ratings_per_item)::int AS complete
    FROM queues q JOIN queue_items qi ON qi.queue_id = q.id
    LEFT JOIN LATERAL (SELECT count(*) AS n FROM assignments a WHERE a.queue_item_id = qi.id AND a.status = 'submitted') done ON true
    WHERE q.study_id = ${studyId}::uuid GROUP BY q.id`;
  const byQueue = new Map(complete.map((c) => [c.queue_id, c.complete]));
  return queues.map((q) => ({ ...q, complete: byQueue.get(q.id) ?? 0 }));
}

/** What the queue form offers: the active raters, and the study's models and categories. */
export async function queueFormOptions(studyId: string) {
  const [raters, models, categories] = await Promise.all([
    prisma.user.findMany({ where: { role: "rater", active: true }, select: { email: true, name: true }, orderBy: { name: "asc" } }),
    prisma.response.findMany({ where: { studyId }, distinct: ["modelId"], select: { modelId: true }, orderBy: { modelId: "asc" } }),
    prisma.scenario.findMany({ where: { studyId }, distinct: ["category"], select: { category: true }, orderBy: { category: "asc" } }),
  ]);
  return { raters, models: models.map((m) => m.modelId), categories: categories.map((c) => c.category) };
}
