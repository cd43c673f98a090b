import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState, PageHeader } from "@/components/page-header";
import { requireRole } from "@/lib/auth/session";
import { AREA_ROLES } from "@/lib/roles";
import { listQueuesForRater } from "@/features/rating/my-queues";
import { progressText } from "@/features/rating/progress-text";
import { StudyLockedNotice } from "@/features/rating/study-locked";

export const metadata: Metadata = { title: "My queues" };

export default async function MyQueuesPage() {
  const user = await requireRole(AREA_ROLES.rating);
  const queues = await listQueuesForRater(user.id);
  return (
    <>
      <PageHeader title="My queues">Answers waiting for your rating.</PageHeader>
      <p className="mb-4 text-sm">
        <Link href="/queues/statement" className="text-brand-700 underline">
          My statement (ratings given, active hours)
        </Link>
      </p>
      {queues.length === 0 ? (
        <EmptyState>You are not in any rating queue yet. An admin adds you to one when a study is ready.</EmptyState>
      ) : (
        <ul className="space-y-2">
          {queues.map((queue) => (
            <li key={queue.id} className="rounded border border-slate-200 bg-white p-4">
              <Link href={`/queues/${queue.id}`} className="font-medium text-brand-700 hover:underline">
                {queue.name}
              </Link>
              <div className="text-sm text-slate-600">
                {queue.studyName} · <span data-testid="my-progress">{progressText(queue.progress)}</span>
              </div>
              {queue.lock && <div className="mt-2 text-sm"><StudyLockedNotice lock={queue.lock} /></div>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
