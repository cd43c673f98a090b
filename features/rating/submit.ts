import "server-only";
import { recordAudit } from "@/lib/audit";
import type { AssignmentPurpose, AssignmentStatus } from "@/lib/db/generated/enums";
import { preparedQuery, prisma, type Prisma } from "@/lib/db/prisma";
import { AppError, conflict, invalid, notFound } from "@/lib/errors";
import { studyLockedError } from "@/lib/study-lock";
import { recordActiveSeconds } from "./active-time-record";
import { submitQualityRating } from "./quality-submit";
import type { PhysicianRating, SkipRequest } from "./schemas";

export interface HeldAssignment {
  id: string;
  purpose: AssignmentPurpose;
  status: AssignmentStatus;
  lease_live: boolean;
  queue_item_id: string;
  response_id: string;
  ratings_per_item: number;
  study_id: string;
  queue_id: string;
  skipped_at: Date | null;
  skip_reason: string | null;
  actions: number;
  /** Whether the rater has a rating of this answer: through this assignment, or another queue of the study. */
  answer_rated: boolean;
}

/**
 * How many raters an item takes for an assignment's purpose: the queue's k for
 * a rating, one adjudicator, and no limit for a gold item or a retest (each
 * rater has their own).
 */
export function slotsFor(held: Pick<HeldAssignment, "purpose" | "ratings_per_item">): number {
  if (held.purpose === "rating") return held.ratings_per_item;
  return held.purpose === "adjudication" ? 1 : Number.POSITIVE_INFINITY;
}

/** Slots of a queue item taken for a purpose — submitted, or held under a live lease — by raters other than `exceptUser`. */
export async function takenSlots(tx: Prisma.TransactionClient, queueItemId: string, purpose: AssignmentPurpose, exceptUser: string | null): Promise<number> {
  const [row] = await tx.$queryRaw<{ taken: number }[]>`
    SELECT count(*)::int AS taken FROM assignments
    WHERE queue_item_id = ${queueItemId}::uuid AND purpose = ${purpose}::"AssignmentPurpose" AND user_id IS DISTINCT FROM ${exceptUser}::uuid
      AND (status = 'submitted' OR (status = 'active' AND lease_expires_at > now()))`;
  return row?.taken ?? 0;
}

/**
 * Whether the rater may still answer their hold: a live lease may; a lapsed
 * one may while its purpose has a slot free among the other raters (never over
 * a rater who has taken it). The item row is locked (lockOwnAssignment).
 */
export async function holdStillOpen(tx: Prisma.TransactionClient, held: HeldAssignment, userId: string): Promise<boolean> {
  if (held.status === "active" && held.lease_live) return true;
  return (await takenSlots(tx, held.queue_item_id, held.purpose, userId)) < slotsFor(held);
}

/**
 * Whether the rater has rated the answer elsewhere in the study, so this hold
 * is not theirs to answer (left by claims made before the one-rating-per-study
 * rule). A retest is, by design, of an answer they rated.
 */
export const ratedElsewhere = (held: Pick<HeldAssignment, "purpose" | "answer_rated">): boolean => held.purpose !== "retest" && held.answer_rated;

/** A hold that is not there: never given, given to another rater, or withdrawn because its answer's text was replaced. */
const ASSIGNMENT_GONE = "This answer is no longer held by you (its text may have been replaced since you opened it); your rating was not saved.";

/** What the SQL function tandem_lock_own_assignment answers. */
type OwnAssignment =
  | { outcome: "held"; held: Omit<HeldAssignment, "skipped_at"> & { skipped_at: string | null } }
  | { outcome: "gone" | "not_found" | "study_not_found" }
  | { outcome: "locked"; locked_at: string; locked_by: string | null };

/**
 * The rater's own assignment, with its queue item row locked, so a claim of
 * the same slot waits until this submission is decided. The rater's lock on
 * the study comes first, as in a claim: a claim of theirs in another queue
 * sees the rating this submission saves. Someone else's assignment, or one
 * in a queue the rater was removed from, is "not found", never "forbidden".
 * One statement: the SQL function tandem_lock_own_assignment takes the locks
 * in this order and checks the pool and the study lock between them.
 */
export async function lockOwnAssignment(tx: Prisma.TransactionClient, assignmentId: string, userId: string): Promise<HeldAssignment> {
  const [row] = await tx.$queryRaw<{ own: OwnAssignment }[]>`SELECT tandem_lock_own_assignment(${assignmentId}::uuid, ${userId}::uuid) AS own`;
  const own = row?.own ?? { outcome: "gone" };
  switch (own.outcome) {
    case "gone":
      throw new AppError("not_found", ASSIGNMENT_GONE);
    case "not_found":
      throw notFound("The assignment");
    case "study_not_found":
      throw notFound("The study");
    case "locked":
      throw studyLockedError({ lockedAt: new Date(own.locked_at), lockedBy: own.locked_by, reason: null }, "ratings can no longer be given, changed or skipped.");
    case "held":
      return { ...own.held, skipped_at: own.held.skipped_at === null ? null : new Date(own.held.skipped_at) };
  }
}

/**
 * The physician rater id of a user: their row in `raters`, made on their
 * first rating under their name. One statement; a row another transaction
 * made meanwhile (a rating of theirs in another study) is read on the second try.
 */
async function physicianRaterId(tx: Prisma.TransactionClient, userId: string): Promise<string> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const [rater] = await tx.$queryRaw<{ id: string }[]>`
      WITH existing AS (SELECT id FROM raters WHERE user_id = ${userId}::uuid),
      created AS (
        INSERT INTO raters (id, kind, user_id, name)
        SELECT tandem_uuid_v7(), 'physician', u.id, u.name FROM users u
        WHERE u.id = ${userId}::uuid AND NOT EXISTS (SELECT 1 FROM existing)
        ON CONFLICT (user_id) DO NOTHING
        RETURNING id)
      SELECT id FROM existing UNION ALL SELECT id FROM created`;
    if (rater) return rater.id;
  }
  throw notFound("The rater");
}

export const ratingData = (rating: PhysicianRating) => ({
  omissionHarm: rating.omission_harm,
  commissionHarm: rating.commission_harm,
  criticalActionResults: rating.critical_action_results,
  responseClass: rating.response_class,
  omissionMechanism: rating.omission_mechanism,
  reasoning: rating.reasoning,
});

/**
 * The version of the answer's text being rated, its row held FOR SHARE until
 * the submission commits: an import replacing the text waits for it (or it
 * for the import), so the version recorded is the text in place when the
 * rating landed.
 */
export async function answerVersionHeld(tx: Prisma.TransactionClient, responseId: string): Promise<number> {
  const [answer] = await tx.$queryRaw<{ version: number }[]>`SELECT version FROM responses WHERE id = ${responseId}::uuid FOR SHARE`;
  if (!answer) throw notFound("The answer");
  return answer.version;
}

/**
 * Marks the rater's assignment submitted or skipped, stamped with the
 * database's clock_timestamp() while the rater's lock on the study is held.
 * The undo of a skip decides "rated since the skip?" by comparing these two
 * times, so they come from one clock (never an app server's), and the rater's
 * lock puts their submissions and skips in a study one after the other: the
 * order of the times is the order of the events.
 */
export async function markDone(tx: Prisma.TransactionClient, assignmentId: string, status: "submitted" | "skipped", reason?: string): Promise<void> {
  if (status === "submitted") {
    await tx.$executeRaw`UPDATE assignments SET status = 'submitted', submitted_at = clock_timestamp() WHERE id = ${assignmentId}::uuid`;
  } else {
    await tx.$executeRaw`UPDATE assignments SET status = 'skipped', skip_reason = ${reason ?? null}, skipped_at = clock_timestamp() WHERE id = ${assignmentId}::uuid`;
  }
}

/** A refusal that gives the hold back: the transaction commits the release, then the error is answered. */
export interface GivenBack {
  refused: AppError;
}

export async function giveBack(tx: Prisma.TransactionClient, assignmentId: string, refused: AppError): Promise<GivenBack> {
  await tx.assignment.update({ where: { id: assignmentId }, data: { status: "expired" } });
  return { refused };
}

/** A stored rating's values as the audit log keeps them, before and after an edit. */
export const auditedRating = (r: { omissionHarm: number; commissionHarm: number; criticalActionResults: readonly string[]; responseClass: string | null; omissionMechanism: string | null; reasoning: string | null }) => ({
  omission_harm: r.omissionHarm,
  commission_harm: r.commissionHarm,
  critical_action_results: [...r.criticalActionResults],
  response_class: r.responseClass,
  omission_mechanism: r.omissionMechanism,
  reasoning: r.reasoning,
});

/** Whether the stored rating already holds exactly the values sent. */
export function sameRating(
  stored: { omissionHarm: number; commissionHarm: number; criticalActionResults: readonly string[]; responseClass: string | null; omissionMechanism: string | null; reasoning: string | null },
  sent: PhysicianRating,
): boolean {
  const wanted = ratingData(sent);
  return (
    stored.omissionHarm === wanted.omissionHarm &&
    stored.commissionHarm === wanted.commissionHarm &&
    stored.responseClass === wanted.responseClass &&
    stored.omissionMechanism === wanted.omissionMechanism &&
    stored.reasoning === wanted.reasoning &&
    stored.criticalActionResults.join() === wanted.criticalActionResults.join()
  );
}

/**
 * A physician's first rating on their live hold, saved by the SQL function
 * tandem_submit_first_rating in one statement and its own transaction, with
 * the steps, checks and lock order of submitRating's transaction. Null when
 * the case is not that one (nothing written): the transaction then handles it.
 */
async function firstRatingInOneCall(assignmentId: string, userId: string, rating: PhysicianRating): Promise<{ ratingId: string; version: number } | null> {
  const [row] = await preparedQuery<{ submitted: { outcome: string; ratingId?: string; version?: number } }>(
    "tandem_submit_first_rating",
    "SELECT tandem_submit_first_rating($1::uuid, $2::uuid, $3::int, $4::int, $5::text[], $6::text, $7::text, $8::text, $9::float8) AS submitted",
    [assignmentId, userId, rating.omission_harm, rating.commission_harm, rating.critical_action_results, rating.response_class, rating.omission_mechanism, rating.reasoning, rating.hidden_seconds ?? null],
  );
  const submitted = row?.submitted;
  return submitted?.outcome === "created" && submitted.ratingId && submitted.version !== undefined ? { ratingId: submitted.ratingId, version: submitted.version } : null;
}

/**
 * Submits the rating of an assignment (201), or edits the rater's earlier
 * rating of it (200, the earlier version kept). A hold that lapsed may still
 * submit while its slot is free, never over a rater who has taken it (409).
 * A hold of an answer the rater already rated in another queue of the study
 * (left by claims made before the one-rating-per-study rule) is given back
 * with a 409. The rating comes parsed by physicianRatingSchema; the count of
 * critical action results is checked here, against the scenario. A reason
 * for the change is kept with the version an edit replaces; an unchanged
 * rating sent again makes no version, so its reason is not kept.
 */
export async function submitRating(
  assignmentId: string,
  userId: string,
  rating: PhysicianRating,
): Promise<{ created: boolean; ratingId: string; version: number }> {
  // A first rating on a live hold: one statement (see firstRatingInOneCall); anything else runs the transaction below.
  if (rating.change_reason === undefined) {
    const created = await firstRatingInOneCall(assignmentId, userId, rating);
    if (created) return { created: true, ...created };
  }
  const outcome = await prisma.$transaction(async (tx) => {
    const held = await lockOwnAssignment(tx, assignmentId, userId);
    if (rating.critical_action_results.length !== held.actions) {
      throw invalid("The rating does not match the scenario.", [
        { field: "critical_action_results", message: `Give one result per critical action: ${held.actions}, not ${rating.critical_action_results.length}.` },
      ]);
    }
    if (held.status === "skipped") throw conflict("You skipped this answer; it is no longer yours to rate.");
    if (held.status === "cannot_assess") throw conflict("You recorded that you cannot assess this answer; it is no longer yours to rate.");
    // An adjudication, a gold item or a retest is answered exactly like a rating, and kept apart from the k ratings.
    if (held.purpose !== "rating") return submitQualityRating(tx, held, userId, rating);

    if (held.status === "submitted") {
      const current = await tx.rating.findUniqueOrThrow({ where: { assignmentId } });
      // The same rating sent again (a resend after a lost answer) changes nothing and is no edit.
      if (sameRating(current, rating)) return { created: false, ratingId: current.id, version: current.version };
      // The version being replaced is kept, with the rater's reason for changing it.
      await tx.ratingRevision.create({
        data: {
          ratingId: current.id,
          version: current.version,
          snapshot: JSON.parse(JSON.stringify(current)) as Prisma.InputJsonValue,
          changedById: userId,
          changeReason: rating.change_reason ?? null,
        },
      });
      // An edit rates the text in place now.
      const answerVersion = await answerVersionHeld(tx, held.response_id);
      const updated = await tx.rating.update({ where: { id: current.id }, data: { ...ratingData(rating), version: current.version + 1, answerVersion } });
      await recordAudit(tx, {
        actorId: userId,
        action: "rating.edit",
        entityType: "rating",
        entityId: current.id,
        studyId: held.study_id,
        data: {
          version: updated.version,
          change_reason: rating.change_reason ?? null,
          before: { ...auditedRating(current), answer_version: current.answerVersion },
          after: { ...auditedRating(updated), answer_version: answerVersion },
        },
      });
      return { created: false, ratingId: current.id, version: updated.version };
    }

    // A first rating changes nothing, so it has no reason for a change.
    if (rating.change_reason !== undefined) {
      throw invalid("A first rating has no reason for a change.", [
        { field: "change_reason", message: "change_reason is only taken when you change a rating you already gave; leave it out of a first rating." },
      ]);
    }

    if (!(await holdStillOpen(tx, held, userId))) {
      return giveBack(tx, assignmentId, new AppError("lease_lost", "Your hold on this answer expired and another rater has taken it; your rating was not saved."));
    }
    if (ratedElsewhere(held)) {
      return giveBack(tx, assignmentId, new AppError("already_rated", "You have already rated this answer in another queue of this study; it has been taken off your list."));
    }

    const raterId = await physicianRaterId(tx, userId);
    const answerVersion = await answerVersionHeld(tx, held.response_id);
    // The database clock, read under the rater's lock: see markDone.
    await markDone(tx, assignmentId, "submitted");
    await recordActiveSeconds(tx, assignmentId, rating.hidden_seconds);
    // Last, in one statement with its audit row: inserting a rating updates the study's aggregate rows
    // (triggers), which every submission of the study updates too, so they stay locked only until the commit.
    const created = await insertRating(tx, { assignmentId, responseId: held.response_id, raterId, answerVersion, rating, userId, studyId: held.study_id });
    return { created: true, ratingId: created.id, version: created.version };
  });
  if ("refused" in outcome) throw outcome.refused;
  return outcome;
}

/**
 * Inserts a physician's first rating of an assignment and its audit row
 * (`rating.submit`), in one statement.
 */
async function insertRating(
  tx: Prisma.TransactionClient,
  given: { assignmentId: string; responseId: string; raterId: string; answerVersion: number; rating: PhysicianRating; userId: string; studyId: string },
): Promise<{ id: string; version: number }> {
  const { rating } = given;
  const [created] = await tx.$queryRaw<{ id: string; version: number }[]>`
    WITH created AS (
      INSERT INTO ratings (id, response_id, rater_id, rater_kind, assignment_id, answer_version, omission_harm, commission_harm,
                           critical_action_results, response_class, omission_mechanism, reasoning)
      VALUES (tandem_uuid_v7(), ${given.responseId}::uuid, ${given.raterId}::uuid, 'physician', ${given.assignmentId}::uuid, ${given.answerVersion}::int,
              ${rating.omission_harm}::smallint, ${rating.commission_harm}::smallint, ${rating.critical_action_results}::"CriticalActionResult"[],
              ${rating.response_class}::"ResponseClass", ${rating.omission_mechanism}::"OmissionMechanism", ${rating.reasoning})
      RETURNING id, version
    ), audited AS (
      INSERT INTO audit_log (actor_id, action, entity_type, entity_id, study_id, data)
      SELECT ${given.userId}::uuid, 'rating.submit', 'rating', created.id::text, ${given.studyId}::uuid,
             jsonb_build_object('assignmentId', ${given.assignmentId}::text, 'answerVersion', ${given.answerVersion}::int,
                                'omission_harm', ${rating.omission_harm}::int, 'commission_harm', ${rating.commission_harm}::int)
      FROM created
    )
    SELECT id, version FROM created`;
  if (!created) throw notFound("The rating");
  return created;
}

/**
 * Gives an item back with a reason; the slot goes to another rater and never
 * back to this one, unless they undo the skip before their next rating and the
 * slot is still free (undo-skip.ts). The time of the skip is kept for that.
 */
export async function skipAssignment(assignmentId: string, userId: string, { reason }: SkipRequest): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const held = await lockOwnAssignment(tx, assignmentId, userId);
    if (held.status === "submitted") throw conflict("You already rated this answer; edit the rating instead of skipping.");
    if (held.status === "skipped") return;
    if (held.status === "cannot_assess") throw conflict("You recorded that you cannot assess this answer; it is no longer yours to skip.");
    await markDone(tx, assignmentId, "skipped", reason);
    await recordAudit(tx, { actorId: userId, action: "assignment.skip", entityType: "assignment", entityId: assignmentId, studyId: held.study_id, data: { reason } });
  });
}
