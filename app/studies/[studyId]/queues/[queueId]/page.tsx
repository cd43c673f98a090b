import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireRole } from "@/lib/auth/session";
import { pageIds } from "@/lib/page-params";
import { AREA_ROLES } from "@/lib/roles";
import { addRaterAction, removeRaterAction } from "@/features/queue/actions";
import { poolCandidates, queueDetail } from "@/features/queue/admin";
import { QueueOverview } from "@/features/queue/queue-overview";
import { requireStudy } from "@/features/studies/browse";

export const metadata: Metadata = { title: "Queue" };

/** Admins manage the pool here; researchers read the progress. */
export default async function StudyQueuePage({ params }: { params: Promise<{ studyId: string; queueId: string }> }) {
  const user = await requireRole(AREA_ROLES.results);
  const { studyId, queueId } = await pageIds(params);
  const study = await requireStudy(studyId);
  const queue = await queueDetail(study.id, queueId);
  if (!queue) notFound();
  const manage =
    user.role === "admin"
      ? { locked: study.lockedAt !== null, candidates: await poolCandidates(queue.id), addRater: addRaterAction, removeRater: removeRaterAction }
      : undefined;
  return (
    <div className="space-y-6">
      <Link href={`/studies/${study.id}/queues`} className="text-sm underline">← All queues</Link>
      <QueueOverview queue={queue} {...(manage ? { manage } : {})} />
    </div>
  );
}
