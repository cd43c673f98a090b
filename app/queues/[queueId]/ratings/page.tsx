import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DataTable, Row } from "@/components/data-table";
import { EmptyState, PageHeader } from "@/components/page-header";
import { requireRole } from "@/lib/auth/session";
import { pageIds, pageQuery } from "@/lib/page-params";
import { AREA_ROLES } from "@/lib/roles";
import { listMyRatings } from "@/features/rating/my-ratings";
import { queueForRater } from "@/features/rating/my-queues";
import { StudyLockedNotice } from "@/features/rating/study-locked";

export const metadata: Metadata = { title: "My ratings" };

export default async function MyRatingsPage({ params, searchParams }: {
  params: Promise<{ queueId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireRole(AREA_ROLES.rating);
  const queue = await queueForRater((await pageIds(params)).queueId, user.id);
  if (!queue) notFound();
  const ratings = await listMyRatings(queue.id, user.id);
  // Arriving from an edit (?saved=<assignment>): the save is confirmed with the version the rating is at now.
  const { saved: savedId } = await pageQuery(searchParams);
  const saved = ratings.find((r) => r.assignmentId === savedId);
  return (
    <>
      <PageHeader title={`My ratings · ${queue.name}`}>
        Open a rating to change it; the earlier version is kept. <Link href={`/queues/${queue.id}`} className="underline">Back to rating</Link>
      </PageHeader>
      {queue.lock && <div className="mb-4"><StudyLockedNotice lock={queue.lock} /></div>}
      <p role="status" className="mb-4 text-sm text-green-800" data-testid="saved-notice">
        {saved && `Rating of ${saved.blindCode} saved (version ${saved.version}).`}
      </p>
      {ratings.length === 0 ? (
        <EmptyState>You have not rated an answer in this queue yet.</EmptyState>
      ) : (
        <DataTable label="My ratings" columns={["Answer", { label: "OH", numeric: true }, { label: "CH", numeric: true }, "Submitted", "Last changed", { label: "Version", numeric: true }, "Reason for the last change"]}>
          {ratings.map((r) => (
            <Row key={r.assignmentId}>
              <td className="p-2 font-mono">
                <Link href={`/queues/${queue.id}/ratings/${r.assignmentId}`} className="underline">{r.blindCode}</Link>
              </td>
              <td className="p-2 text-right">{r.omissionHarm}</td>
              <td className="p-2 text-right">{r.commissionHarm}</td>
              <td className="p-2">{r.submittedAt?.toISOString().slice(0, 16).replace("T", " ")}</td>
              <td className="p-2">{r.updatedAt.toISOString().slice(0, 16).replace("T", " ")}</td>
              <td className="p-2 text-right">{r.version}</td>
              <td className="p-2">{r.lastChangeReason ?? ""}</td>
            </Row>
          ))}
        </DataTable>
      )}
    </>
  );
}
