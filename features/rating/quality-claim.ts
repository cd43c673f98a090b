import "server-only";
import { recordAudit } from "@/lib/audit";
import type { AdjudicationMode, AssignmentPurpose } from "@/lib/db/generated/enums";
import type { Prisma } from "@/lib/db/prisma";
import { claimAdjudication } from "./adjudication-claim";
import { claimGold } from "./gold-claim";
import { claimRetest } from "./retest-claim";

/** A queue's settings as a claim reads them, the rater-quality layer's included. */
export interface QualityQueue {
  id: string;
  study_id: string;
  lease_seconds: number;
  seed: string;
  adjudication_threshold: number | null;
  adjudication_mode: AdjudicationMode;
  adjudicate_actions: boolean;
  gold_rate: number | null;
  retest_share: number | null;
  retest_min_hours: number;
}

/**
 * The rater-quality item a rater gets before their next rating, if one is
 * waiting or due: an adjudication first (it unblocks a consensus), then a
 * retest, then a gold item. Runs inside the claim transaction, under the
 * rater's lock on the study; each kind claims its item row FOR UPDATE SKIP
 * LOCKED as the ordinary claim does. Returns the assignment id, or null.
 */
export async function claimQualityItem(tx: Prisma.TransactionClient, queue: QualityQueue, userId: string): Promise<string | null> {
  return (await claimAdjudication(tx, queue, userId)) ?? (await claimRetest(tx, queue, userId)) ?? (await claimGold(tx, queue, userId));
}

/**
 * Gives the rater a hold of the given purpose on a queue item: a new
 * assignment, or their own lapsed one renewed (one per item, rater and
 * purpose). `blindCode` is the code the rater sees when it is not the answer's
 * own (a retest). Returns the assignment id, or null when the rater's
 * assignment of that purpose on the item is already settled.
 */
export async function holdForPurpose(
  tx: Prisma.TransactionClient,
  queue: QualityQueue,
  userId: string,
  queueItemId: string,
  purpose: Exclude<AssignmentPurpose, "rating">,
  blindCode: string | null = null,
): Promise<string | null> {
  const [claimed] = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO assignments (id, queue_item_id, user_id, purpose, blind_code, status, claimed_at, lease_expires_at)
    VALUES (tandem_uuid_v7(), ${queueItemId}::uuid, ${userId}::uuid, ${purpose}::"AssignmentPurpose", ${blindCode}, 'active', now(),
            now() + make_interval(secs => ${queue.lease_seconds}))
    ON CONFLICT (queue_item_id, user_id, purpose) DO UPDATE
      SET status = 'active', claimed_at = now(), lease_expires_at = EXCLUDED.lease_expires_at
      WHERE assignments.status IN ('active', 'expired')
    RETURNING id`;
  if (!claimed) return null;
  await recordAudit(tx, { actorId: userId, action: "assignment.claim", entityType: "assignment", entityId: claimed.id, studyId: queue.study_id, data: { queueId: queue.id, purpose } });
  return claimed.id;
}

/** What a rater has done in a queue, as the due rules of gold items and retests count it. */
export interface GivenInQueue {
  /** Ratings of the queue's own items submitted. */
  rated: number;
  /** Gold items and retests given: submitted, skipped or found impossible to assess. */
  gold: number;
  retests: number;
}

export async function givenInQueue(tx: Prisma.TransactionClient, queueId: string, userId: string): Promise<GivenInQueue> {
  const [mine] = await tx.$queryRaw<GivenInQueue[]>`
    SELECT count(*) FILTER (WHERE a.purpose = 'rating' AND a.status = 'submitted')::int AS rated,
           count(*) FILTER (WHERE a.purpose = 'gold' AND a.status IN ('submitted', 'skipped', 'cannot_assess'))::int AS gold,
           count(*) FILTER (WHERE a.purpose = 'retest' AND a.status IN ('submitted', 'skipped', 'cannot_assess'))::int AS retests
    FROM assignments a JOIN queue_items qi ON qi.id = a.queue_item_id
    WHERE qi.queue_id = ${queueId}::uuid AND a.user_id = ${userId}::uuid`;
  return mine ?? { rated: 0, gold: 0, retests: 0 };
}
