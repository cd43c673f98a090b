import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireRole } from "@/lib/auth/session";
import { pageIds } from "@/lib/page-params";
import { AREA_ROLES } from "@/lib/roles";
import { queueDetail } from "@/features/queue/admin";
import { QueueOverview } from "@/features/queue/queue-overview";
import { requireStudy } from "@/features/studies/browse";

export const metadata: Metadata = { title: "Queue" };

export default async function StudyQueuePage({ params }: { params: Promise<{ studyId: string; queueId: string }> }) {
  await requireRole(AREA_ROLES.administration);
  const { studyId, queueId } = await pageIds(params);
  const study = await requireStudy(studyId);
  const queue = await queueDetail(study.id, queueId);
  if (!queue) notFound();
  return (
    <div className="space-y-6">
      <Link href={`/studies/${study.id}/queues`} className="text-sm underline">← All queues</Link>
      <QueueOverview queue={queue} />
    </div>
  );
}
