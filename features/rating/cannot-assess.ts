import "server-only";
import { recordAudit } from "@/lib/audit";
import type { CannotAssessReason } from "@/lib/db/generated/enums";
import { prisma } from "@/lib/db/prisma";
import { AppError, conflict } from "@/lib/errors";
import { recordActiveSeconds } from "./active-time-record";
import type { CannotAssessRequest } from "./schemas";
import { giveBack, holdStillOpen, lockOwnAssignment, ratedElsewhere } from "./submit";

/** What the rating route answers for an abstention: the shape of a rating's answer, with no rating behind it. */
export interface CannotAssessOutcome {
  created: boolean;
  reason: CannotAssessReason;
}

/**
 * Records that the rater cannot assess the answer of their assignment, with a
 * reason. It is no rating: nothing is written to `ratings`, so agreement,
 * pooled pairs and the analysis leave it out by construction. The assignment
 * becomes `cannot_assess`: done for this rater (never offered again in the
 * queue), and its slot is free, so another rater of the pool gives the rating.
 *
 * Same rules as a first rating: the rater's lock, pool and open study
 * (lockOwnAssignment); a lapsed hold may still abstain while its slot is free,
 * never over a rater who has taken it (409 lease_lost, the hold given back).
 * A submitted rating cannot become an abstention (409), nor can a skip; the
 * same abstention sent again changes nothing (200), another reason is a 409.
 * The active time is stored as at a first rating.
 */
export async function recordCannotAssess(assignmentId: string, userId: string, request: CannotAssessRequest): Promise<CannotAssessOutcome> {
  const { reason } = request.cannot_assess;
  const outcome = await prisma.$transaction(async (tx) => {
    const held = await lockOwnAssignment(tx, assignmentId, userId);
    if (held.status === "cannot_assess") {
      const [stored] = await tx.$queryRaw<{ reason: CannotAssessReason }[]>`
        SELECT cannot_assess_reason::text AS reason FROM assignments WHERE id = ${assignmentId}::uuid`;
      if (stored?.reason === reason) return { created: false, reason };
      throw conflict(`You already recorded that you cannot assess this answer (${stored?.reason ?? "no reason"}); that stays.`);
    }
    if (held.status === "submitted") throw conflict("You already rated this answer; a rating cannot become \"cannot assess\". Edit the rating instead.");
    if (held.status === "skipped") throw conflict("You skipped this answer; it is no longer yours to assess.");

    if (!(await holdStillOpen(tx, held, userId))) {
      return giveBack(tx, assignmentId, new AppError("lease_lost", "Your hold on this answer expired and another rater has taken it; nothing was recorded."));
    }
    if (ratedElsewhere(held)) {
      return giveBack(tx, assignmentId, new AppError("already_rated", "You have already rated this answer in another queue of this study; it has been taken off your list."));
    }

    // Stamped with the database's clock under the rater's lock, as a rating is.
    await tx.$executeRaw`
      UPDATE assignments SET status = 'cannot_assess', cannot_assess_reason = ${reason}::"CannotAssessReason", submitted_at = clock_timestamp()
      WHERE id = ${assignmentId}::uuid`;
    await recordActiveSeconds(tx, assignmentId, request.hidden_seconds);
    await recordAudit(tx, { actorId: userId, action: "assignment.cannot_assess", entityType: "assignment", entityId: assignmentId, studyId: held.study_id, data: { reason } });
    return { created: true, reason };
  });
  if ("refused" in outcome) throw outcome.refused;
  return outcome;
}
