import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireRole } from "@/lib/auth/session";
import { pageIds } from "@/lib/page-params";
import { AREA_ROLES } from "@/lib/roles";
import { myProgress, queueForRater } from "@/features/rating/my-queues";
import { leftOfText, progressText } from "@/features/rating/progress-text";
import { StudyLockedNotice } from "@/features/rating/study-locked";
import { RatingWorkspace } from "@/features/rating/workspace";

export const metadata: Metadata = { title: "Rate" };

export default async function RatePage({ params }: { params: Promise<{ queueId: string }> }) {
  const user = await requireRole(AREA_ROLES.rating);
  const queue = await queueForRater((await pageIds(params)).queueId, user.id);
  if (!queue) notFound();
  const progress = await myProgress(queue.id, user.id, queue.items);
  return (
    <>
      <h1 className="text-2xl font-semibold">{queue.name}</h1>
      <p className="mb-4 text-sm text-slate-600" data-testid="my-progress">{progressText(progress)}</p>
      {queue.lock ? <StudyLockedNotice lock={queue.lock} /> : <RatingWorkspace queueId={queue.id} userId={user.id} progress={leftOfText(progress)} />}
    </>
  );
}
