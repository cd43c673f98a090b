import "server-only";
import { prisma } from "@/lib/db/prisma";
import { blindedItem, type ClaimedItem } from "./claim";
import type { PhysicianRating } from "./schemas";

/** The rater's own ratings in one queue, newest first, identified to them only by blind code. */
export async function listMyRatings(queueId: string, userId: string) {
  const assignments = await prisma.assignment.findMany({
    where: { userId, status: "submitted", queueItem: { queueId } },
    orderBy: { submittedAt: "desc" },
    select: {
      id: true,
      submittedAt: true,
      queueItem: { select: { response: { select: { blindCode: true } } } },
      rating: { select: { omissionHarm: true, commissionHarm: true, version: true, updatedAt: true } },
    },
  });
  return assignments.flatMap((a) =>
    a.rating
      ? [{ assignmentId: a.id, blindCode: a.queueItem.response.blindCode, submittedAt: a.submittedAt, ...a.rating }]
      : [],
  );
}

/** One of the rater's own submitted ratings in this queue, with its answer as a rater may see it (null otherwise). */
export async function myRatedItem(queueId: string, assignmentId: string, userId: string): Promise<{ item: ClaimedItem; rating: PhysicianRating } | null> {
  const assignment = await prisma.assignment.findFirst({
    where: { id: assignmentId, userId, status: "submitted", queueItem: { queueId } },
    select: { rating: true },
  });
  if (!assignment?.rating) return null;
  const { rating } = assignment;
  if (rating.responseClass === null || rating.omissionMechanism === null || rating.reasoning === null) return null;
  return {
    item: await blindedItem(assignmentId),
    rating: {
      omission_harm: rating.omissionHarm,
      commission_harm: rating.commissionHarm,
      critical_action_results: rating.criticalActionResults,
      response_class: rating.responseClass,
      omission_mechanism: rating.omissionMechanism,
      reasoning: rating.reasoning,
    },
  };
}
