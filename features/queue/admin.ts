import "server-only";
import { prisma } from "@/lib/db/prisma";
import { studyCategories, studyModels } from "@/features/studies/facets";
import { queueProgress } from "./progress";
import type { SampleReport } from "./stratified-sample";

/** A study's queues with their progress: answers that have all the ratings they need. */
export async function listStudyQueues(studyId: string) {
  const queues = await prisma.queue.findMany({
    where: { studyId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, ratingsPerItem: true, createdAt: true, _count: { select: { items: { where: { gold: false } }, raters: true } } },
  });
  const complete = await prisma.$queryRaw<{ queue_id: string; complete: number }[]>`
    SELECT q.id AS queue_id, count(*) FILTER (WHERE done.n >= q.ratings_per_item)::int AS complete
    FROM queues q JOIN queue_items qi ON qi.queue_id = q.id AND NOT qi.gold
    LEFT JOIN LATERAL (SELECT count(*) AS n FROM assignments a WHERE a.queue_item_id = qi.id AND a.purpose = 'rating' AND a.status = 'submitted') done ON true
    WHERE q.study_id = ${studyId}::uuid GROUP BY q.id`;
  const byQueue = new Map(complete.map((c) => [c.queue_id, c.complete]));
  return queues.map((q) => ({ ...q, complete: byQueue.get(q.id) ?? 0 }));
}

/** What the queue form offers: the active raters, and the study's models and categories. */
export async function queueFormOptions(studyId: string) {
  const [raters, models, categories, machineRaters] = await Promise.all([
    prisma.user.findMany({ where: { role: "rater", active: true }, select: { email: true, name: true }, orderBy: { name: "asc" } }),
    studyModels(studyId),
    studyCategories(studyId),
    prisma.rater.findMany({ where: { studyId, kind: "machine" }, select: { name: true }, orderBy: { name: "asc" } }),
  ]);
  return { raters, models, categories, machineRaters: machineRaters.map((r) => r.name) };
}

export interface StoredSample {
  size: number;
  seed: string;
  oversample?: { rater: string; share: number };
  report: SampleReport;
}

/** One queue of the study (null if it belongs to another): settings, its progress (progress.ts), sampling report. */
export async function queueDetail(studyId: string, queueId: string) {
  const queue = await prisma.queue.findFirst({
    where: { id: queueId, studyId },
    select: { id: true, name: true, ratingsPerItem: true, leaseSeconds: true, filter: true, sample: true, createdAt: true, createdBy: { select: { name: true } } },
  });
  if (!queue) return null;
  const progress = await queueProgress(queueId);
  if (!progress) return null;
  return { ...queue, sample: queue.sample as StoredSample | null, progress };
}

/** The active raters not in the queue's pool: whom the "Add rater" form offers. */
export function poolCandidates(queueId: string) {
  return prisma.user.findMany({
    where: { role: "rater", active: true, queuePools: { none: { queueId } } },
    select: { id: true, email: true, name: true },
    orderBy: [{ name: "asc" }, { email: "asc" }],
  });
}
