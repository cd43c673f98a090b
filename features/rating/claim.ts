import "server-only";
import { recordAudit } from "@/lib/audit";
import { prisma, Prisma } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";
import { assertStudyOpen } from "@/lib/study-lock";
import { boundSubject, claimable } from "./claimable";
import { claimQualityItem, type QualityQueue } from "./quality-claim";
import { inPool, lockRaterInStudy } from "./rater-lock";

/** What a rater receives for an item: the blind code and the texts, nothing that identifies the answer. */
export interface ClaimedItem {
  assignmentId: string;
  blindCode: string;
  scenario: { prompt: string; system_prompt: string | null; gold_standard_response: string; critical_actions: string[] };
  response: { text: string };
  leaseExpiresAt: string;
}

interface QueueRow extends QualityQueue {
  ratings_per_item: number;
}

/** A claim transaction's outcome: the assignment, nothing left for the rater, or an item another transaction holds. */
type ClaimOutcome = { assignmentId: string } | { waitFor: string } | null;

/** The rater's physician rater id, or NULL before their first rating. */
const raterOf = (userId: string) => Prisma.sql`(SELECT id FROM raters WHERE user_id = ${userId}::uuid)`;

/**
 * Claims (or resumes) the rater's next item of a queue. Each attempt is one
 * transaction (see claimOnce); when the only items left for the rater are held
 * for a moment by other transactions (a claim deciding, a submission being
 * saved), it waits for one of them, holding nothing, and looks again. So null
 * (204) means nothing is left for this rater, never "all busy right now". The
 * loop ends: it repeats only after another transaction has finished with an
 * item, and the items of a queue fill up.
 */
export async function claimNext(queueId: string, userId: string): Promise<ClaimedItem | null> {
  for (;;) {
    const outcome = await prisma.$transaction((tx) => claimOnce(tx, queueId, userId));
    if (outcome === null) return null;
    if ("assignmentId" in outcome) return blindedItem(outcome.assignmentId);
    await prisma.$executeRaw`SELECT 1 FROM queue_items WHERE id = ${outcome.waitFor}::uuid FOR UPDATE`;
  }
}

/**
 * One claim transaction: the rater's live hold in the queue if they have one,
 * else a new one, atomically. The rater's lock on the study comes first, so
 * their own claims run one at a time (one live hold per queue). The candidate
 * item row is locked FOR UPDATE SKIP LOCKED, so concurrent claimers pass each
 * other by, and its live slots are re-counted while it is held. Each rater
 * meets the items in an order of their own (a hash of the queue's seed, the
 * rater and the item).
 */
async function claimOnce(tx: Prisma.TransactionClient, queueId: string, userId: string): Promise<ClaimOutcome> {
  const [queue] = await tx.$queryRaw<QueueRow[]>`
    SELECT q.id, q.study_id, q.ratings_per_item, q.lease_seconds, q.seed,
           q.adjudication_threshold, q.adjudication_mode, q.adjudicate_actions, q.gold_rate, q.retest_share, q.retest_min_hours
    FROM queues q WHERE q.id = ${queueId}::uuid`;
  if (!queue) throw notFound("The queue");
  await lockRaterInStudy(tx, queue.study_id, userId);
  // Checked under the rater's lock, which removing them from the pool takes too:
  // a queue outside the rater's pool (never in it, or removed) is not theirs to know about.
  if (!(await inPool(tx, queueId, userId))) throw notFound("The queue");
  await assertStudyOpen(tx, queue.study_id, "it takes no more ratings.");

  const held = await liveHold(tx, queueId, userId);
  if (held) return { assignmentId: held };
  // An adjudication waiting for this rater, a retest or a gold item that is due comes before the next rating.
  const quality = await claimQualityItem(tx, queue, userId);
  if (quality) return { assignmentId: quality };

  const open = claimable(boundSubject(queueId, userId, queue.ratings_per_item));
  const passedOver: string[] = [];
  // Ends: each turn returns or passes over one more item of the queue.
  for (;;) {
    const [candidate] = await tx.$queryRaw<{ id: string }[]>`
      SELECT qi.id FROM queue_items qi
      WHERE ${open} AND NOT (qi.id = ANY(${passedOver}::uuid[]))
      ORDER BY md5(${queue.seed} || ${userId} || qi.id::text)
      LIMIT 1
      FOR UPDATE OF qi SKIP LOCKED`;
    if (!candidate) {
      // SKIP LOCKED passed by the items other transactions hold: if one of them is open to this rater, wait for it.
      const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT qi.id FROM queue_items qi WHERE ${open} LIMIT 1`;
      return locked ? { waitFor: locked.id } : null;
    }
    // The row is ours now; this statement sees every claim committed before we got it.
    // Only the item's k ratings take slots: an adjudication or a retest of it is an assignment of its own.
    const [live] = await tx.$queryRaw<{ taken: number }[]>`
      SELECT count(*)::int AS taken FROM assignments
      WHERE queue_item_id = ${candidate.id}::uuid AND purpose = 'rating'
        AND (status = 'submitted' OR (status = 'active' AND lease_expires_at > now()))`;
    if ((live?.taken ?? 0) >= queue.ratings_per_item) {
      passedOver.push(candidate.id);
      continue;
    }
    // The rater's own expired hold on this item, if any, is renewed rather than duplicated.
    const [claimed] = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO assignments (id, queue_item_id, user_id, status, claimed_at, lease_expires_at)
      VALUES (tandem_uuid_v7(), ${candidate.id}::uuid, ${userId}::uuid, 'active', now(),
              now() + make_interval(secs => ${queue.lease_seconds}))
      ON CONFLICT (queue_item_id, user_id, purpose) DO UPDATE
        SET status = 'active', claimed_at = now(), lease_expires_at = EXCLUDED.lease_expires_at
        WHERE assignments.status IN ('active', 'expired')
      RETURNING id`;
    if (!claimed) {
      passedOver.push(candidate.id);
      continue;
    }
    await recordAudit(tx, { actorId: userId, action: "assignment.claim", entityType: "assignment", entityId: claimed.id, studyId: queue.study_id, data: { queueId } });
    return { assignmentId: claimed.id };
  }
}

/**
 * The rater's live hold in the queue (of any purpose), to resume. A hold of an
 * answer they have meanwhile rated in another queue of the study (left by
 * claims made before the one-rating-per-study rule) is given back instead: its
 * slot goes to another rater.
 */
async function liveHold(tx: Prisma.TransactionClient, queueId: string, userId: string): Promise<string | null> {
  const holds = await tx.$queryRaw<{ id: string; rated: boolean }[]>`
    SELECT a.id, a.purpose = 'rating' AND EXISTS (SELECT 1 FROM ratings g WHERE g.response_id = qi.response_id AND g.rater_id = ${raterOf(userId)}) AS rated
    FROM assignments a JOIN queue_items qi ON qi.id = a.queue_item_id
    WHERE qi.queue_id = ${queueId}::uuid AND a.user_id = ${userId}::uuid
      AND a.status = 'active' AND a.lease_expires_at > now()
    ORDER BY a.claimed_at`;
  const stale = holds.filter((hold) => hold.rated).map((hold) => hold.id);
  if (stale.length > 0) await tx.$executeRaw`UPDATE assignments SET status = 'expired' WHERE id = ANY(${stale}::uuid[])`;
  return holds.find((hold) => !hold.rated)?.id ?? null;
}

/** The item behind an assignment, as a rater may see it. */
export async function blindedItem(assignmentId: string): Promise<ClaimedItem> {
  const assignment = await prisma.assignment.findUniqueOrThrow({
    where: { id: assignmentId },
    select: {
      id: true,
      leaseExpiresAt: true,
      blindCode: true,
      queueItem: {
        select: {
          response: {
            select: {
              blindCode: true,
              text: true,
              scenario: {
                select: {
                  prompt: true,
                  systemPrompt: true,
                  goldStandard: true,
                  criticalActions: { select: { text: true }, orderBy: { position: "asc" } },
                },
              },
            },
          },
        },
      },
    },
  });
  const { response } = assignment.queueItem;
  return {
    assignmentId: assignment.id,
    // A retest comes back under a code of its own.
    blindCode: assignment.blindCode ?? response.blindCode,
    scenario: {
      prompt: response.scenario.prompt,
      system_prompt: response.scenario.systemPrompt,
      gold_standard_response: response.scenario.goldStandard,
      critical_actions: response.scenario.criticalActions.map((a) => a.text),
    },
    response: { text: response.text },
    leaseExpiresAt: assignment.leaseExpiresAt.toISOString(),
  };
}
