import "server-only";
import { prisma } from "@/lib/db/prisma";
import { blindedItem, type ClaimedItem } from "./claim";
import type { PhysicianRating } from "./schemas";

/** An earlier version of a rating: when it was changed, and the rater's reason for changing it (if given). */
export interface RatingChange {
  version: number;
  changedAt: Date;
  changeReason: string | null;
}

const changes = { select: { version: true, changedAt: true, changeReason: true }, orderBy: { version: "desc" } } as const;

const listed = { select: { omissionHarm: true, commissionHarm: true, version: true, updatedAt: true, revisions: { ...changes, take: 1 } } } as const;

/**
 * The rater's own ratings in one queue, newest first, identified to them only
 * by the blind code they saw, each with the reason given for its latest
 * change. A rating given on a gold item, a retest or an adjudication is listed
 * and edited like any other.
 */
export async function listMyRatings(queueId: string, userId: string) {
  const assignments = await prisma.assignment.findMany({
    where: { userId, status: "submitted", queueItem: { queueId } },
    orderBy: { submittedAt: "desc" },
    select: {
      id: true,
      submittedAt: true,
      blindCode: true,
      queueItem: { select: { response: { select: { blindCode: true } } } },
      rating: listed,
      qualityRating: listed,
    },
  });
  return assignments.flatMap(({ rating, qualityRating, ...a }) => {
    const given = rating ?? qualityRating;
    if (!given) return [];
    const { revisions, ...values } = given;
    return [{ assignmentId: a.id, blindCode: a.blindCode ?? a.queueItem.response.blindCode, submittedAt: a.submittedAt, ...values, lastChangeReason: revisions[0]?.changeReason ?? null }];
  });
}

/**
 * One of the rater's own submitted ratings in this queue, with its answer as a
 * rater may see it and its earlier versions, newest first (null otherwise).
 */
export async function myRatedItem(
  queueId: string,
  assignmentId: string,
  userId: string,
): Promise<{ item: ClaimedItem; rating: PhysicianRating; version: number; changes: RatingChange[] } | null> {
  const assignment = await prisma.assignment.findFirst({
    where: { id: assignmentId, userId, status: "submitted", queueItem: { queueId } },
    select: { rating: { include: { revisions: changes } }, qualityRating: { include: { revisions: changes } } },
  });
  const rating = assignment?.rating ?? assignment?.qualityRating;
  if (!rating) return null;
  if (rating.responseClass === null || rating.omissionMechanism === null || rating.reasoning === null) return null;
  return {
    item: await blindedItem(assignmentId),
    version: rating.version,
    changes: rating.revisions,
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
