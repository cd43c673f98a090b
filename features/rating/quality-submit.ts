import "server-only";
import { recordAudit } from "@/lib/audit";
import type { Prisma } from "@/lib/db/prisma";
import { AppError, invalid } from "@/lib/errors";
import { recordActiveSeconds } from "./active-time-record";
import type { PhysicianRating } from "./schemas";
import { answerVersionHeld, auditedRating, giveBack, type GivenBack, type HeldAssignment, holdStillOpen, markDone, ratedElsewhere, ratingData, sameRating } from "./submit";

/** What submitRating answers for a quality assignment: the same shape as for a rating, so the rater cannot tell them apart. */
type Submitted = { created: boolean; ratingId: string; version: number };

/**
 * Saves the rating given on an adjudication, gold or retest assignment as a
 * quality rating (never one of the answer's k ratings). The rater's lock on
 * the study and the item row are held (lockOwnAssignment). A second send of
 * the same values changes nothing; different values make a new version, the
 * earlier one kept (quality_rating_revisions) with the rater's reason, as a
 * rating's edit does. An adjudication has one slot per answer:
 * a lapsed hold cannot submit over another adjudicator who has taken it. An
 * adjudicator or gold rater who has meanwhile rated the answer gives it back.
 */
export async function submitQualityRating(
  tx: Prisma.TransactionClient,
  held: HeldAssignment,
  userId: string,
  rating: PhysicianRating,
): Promise<Submitted | GivenBack> {
  const existing = await tx.qualityRating.findUnique({ where: { assignmentId: held.id } });
  if (existing) {
    if (sameRating(existing, rating)) return { created: false, ratingId: existing.id, version: existing.version };
    await tx.qualityRatingRevision.create({
      data: {
        qualityRatingId: existing.id,
        version: existing.version,
        snapshot: JSON.parse(JSON.stringify(existing)) as Prisma.InputJsonValue,
        changedById: userId,
        changeReason: rating.change_reason ?? null,
      },
    });
    const answerVersion = await answerVersionHeld(tx, held.response_id);
    const updated = await tx.qualityRating.update({ where: { id: existing.id }, data: { ...ratingData(rating), version: existing.version + 1, answerVersion } });
    await recordAudit(tx, {
      actorId: userId, action: "quality_rating.edit", entityType: "quality_rating", entityId: existing.id, studyId: held.study_id,
      data: {
        kind: held.purpose, version: updated.version, change_reason: rating.change_reason ?? null,
        before: { ...auditedRating(existing), answer_version: existing.answerVersion },
        after: { ...auditedRating(updated), answer_version: answerVersion },
      },
    });
    return { created: false, ratingId: existing.id, version: updated.version };
  }
  if (rating.change_reason !== undefined) {
    throw invalid("A first rating has no reason for a change.", [
      { field: "change_reason", message: "change_reason is only taken when you change a rating you already gave; leave it out of a first rating." },
    ]);
  }
  if (!(await holdStillOpen(tx, held, userId))) {
    return giveBack(tx, held.id, new AppError("lease_lost", "Your hold on this answer expired and another rater has taken it; your rating was not saved."));
  }
  if (ratedElsewhere(held)) {
    return giveBack(tx, held.id, new AppError("already_rated", "You have already rated this answer in another queue of this study; it has been taken off your list."));
  }
  const answerVersion = await answerVersionHeld(tx, held.response_id);
  const created = await tx.qualityRating.create({
    data: { assignmentId: held.id, responseId: held.response_id, userId, kind: held.purpose, answerVersion, ...ratingData(rating) },
  });
  await markDone(tx, held.id, "submitted");
  await recordActiveSeconds(tx, held.id, rating.hidden_seconds);
  await recordAudit(tx, {
    actorId: userId, action: "quality_rating.submit", entityType: "quality_rating", entityId: created.id, studyId: held.study_id,
    data: { assignmentId: held.id, kind: held.purpose, answerVersion, omission_harm: rating.omission_harm, commission_harm: rating.commission_harm },
  });
  return { created: true, ratingId: created.id, version: 1 };
}
