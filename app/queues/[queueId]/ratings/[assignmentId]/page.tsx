import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireRole } from "@/lib/auth/session";
import { pageIds } from "@/lib/page-params";
import { AREA_ROLES } from "@/lib/roles";
import { myRatedItem } from "@/features/rating/my-ratings";
import { EditRating } from "@/features/rating/edit-rating";
import { RatingChanges } from "@/features/rating/rating-changes";

export const metadata: Metadata = { title: "Edit my rating" };

export default async function EditMyRatingPage({ params }: { params: Promise<{ queueId: string; assignmentId: string }> }) {
  const user = await requireRole(AREA_ROLES.rating);
  const { queueId, assignmentId } = await pageIds(params);
  const rated = await myRatedItem(queueId, assignmentId, user.id);
  if (!rated) notFound();
  return (
    <>
      <h1 className="mb-4 text-2xl font-semibold">Edit my rating</h1>
      <EditRating queueId={queueId} item={rated.item} rating={rated.rating} />
      <div className="mt-6">
        <RatingChanges version={rated.version} changes={rated.changes} />
      </div>
    </>
  );
}
