import "server-only";
import { recordAudit } from "@/lib/audit";
import type { OmissionMechanism, ResponseClass } from "@/lib/db/generated/enums";
import { preparedQuery, prisma, Prisma } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";
import { assertStudyOpen, studyLockedError } from "@/lib/study-lock";
import { boundSubject, claimable } from "./claimable";
import { claimQualityItem, type QualityQueue } from "./quality-claim";
import { claimAdjudication } from "./adjudication-claim";
import { inPool, isAdjudicator, lockRaterInStudy } from "./rater-lock";
import { takenSlots } from "./submit";

/** What a rater receives for an item: the blind code and the texts, nothing that identifies the answer. */
export interface ClaimedItem {
  assignmentId: string;
  blindCode: string;
  scenario: { prompt: string; system_prompt: string | null; gold_standard_response: string; critical_actions: string[] };
  response: { text: string };
  leaseExpiresAt: string;
  /** Reconcile-mode adjudications only: the answer's earlier ratings, anonymised, in an order of this assignment's own. */
  earlier_ratings?: EarlierRating[];
}

/** An earlier rating as an adjudicator in reconcile mode sees it: a label, never who gave it or when. */
export interface EarlierRating {
  label: string;
  omission_harm: number;
  commission_harm: number;
  critical_action_results: string[];
  response_class: ResponseClass | null;
  omission_mechanism: OmissionMechanism | null;
  reasoning: string | null;
}

interface QueueRow extends QualityQueue {
  ratings_per_item: number;
  /** The rater's mask and cursor in the queue's order (nextInOrder). */
  mask: string;
  cursor: string | null;
}

/** A claim transaction's outcome: the assignment, nothing left for the rater, or an item another transaction holds. */
type ClaimOutcome = { assignmentId: string } | { waitFor: string } | null;

/** The rater's physician rater id, or NULL before their first rating. */
const raterOf = (userId: string) => Prisma.sql`(SELECT id FROM raters WHERE user_id = ${userId}::uuid)`;

/**
 * What the claim function (tandem_claim, migration claim_in_one_call) answers.
 * 'general' writes nothing: for a queue with quality items it comes before any
 * lock; for a user outside the pool, after the rater's advisory lock on the
 * study (pool membership is read under it), which the statement's commit
 * releases before claimOnce's transaction takes it again.
 */
type OneCallOutcome =
  | { outcome: "claimed"; item: ClaimedItem }
  | { outcome: "claimed"; assignmentId: string }
  | { outcome: "none" | "general" | "not_found" | "study_not_found" }
  | { outcome: "wait"; itemId: string }
  | { outcome: "locked"; locked_at: string; locked_by: string | null };

/**
 * Claims (or resumes) the rater's next item of a queue. Each attempt is one
 * transaction: for a queue without quality items and a rater in its pool, one
 * statement (the SQL function tandem_claim, which runs claimOnce's steps in
 * the same order and answers the blinded item); otherwise claimOnce. When the
 * only items left for the rater are held for a moment by other transactions
 * (a claim deciding, a submission being saved), it waits for one of them,
 * holding nothing, and looks again. So null (204) means nothing is left for
 * this rater, never "all busy right now". The loop ends: it repeats only
 * after another transaction has finished with an item, and the items of a
 * queue fill up.
 */
export async function claimNext(queueId: string, userId: string): Promise<ClaimedItem | null> {
  for (;;) {
    const outcome = await claimInOneCall(queueId, userId);
    if (outcome === null) return null;
    if ("item" in outcome) return outcome.item;
    if ("assignmentId" in outcome) return blindedItem(outcome.assignmentId);
    await prisma.$executeRaw`SELECT 1 FROM queue_items WHERE id = ${outcome.waitFor}::uuid FOR UPDATE`;
  }
}

/** One claim attempt: the one-statement claim, or claimOnce's transaction when that one leaves it to the caller. */
async function claimInOneCall(queueId: string, userId: string): Promise<{ item: ClaimedItem } | ClaimOutcome> {
  const [row] = await preparedQuery<{ claim: OneCallOutcome }>("tandem_claim", "SELECT tandem_claim($1::uuid, $2::uuid) AS claim", [queueId, userId]);
  const claim = row?.claim ?? { outcome: "general" };
  switch (claim.outcome) {
    case "claimed":
      return "item" in claim ? { item: claim.item } : { assignmentId: claim.assignmentId };
    case "none":
      return null;
    case "wait":
      return { waitFor: claim.itemId };
    case "not_found":
      throw notFound("The queue");
    case "study_not_found":
      throw notFound("The study");
    case "locked":
      throw studyLockedError({ lockedAt: new Date(claim.locked_at), lockedBy: claim.locked_by, reason: null }, CLAIM_REFUSED);
    case "general":
      return prisma.$transaction((tx) => claimOnce(tx, queueId, userId));
  }
}

/** What a locked study's 409 says a claim cannot do. */
const CLAIM_REFUSED = "it takes no more ratings.";

/**
 * One claim transaction: the rater's live hold in the queue if they have one,
 * else a new one, atomically. The rater's lock on the study comes first, so
 * their own claims run one at a time (one live hold per queue). The candidate
 * item row is locked FOR UPDATE SKIP LOCKED, so concurrent claimers pass each
 * other by, and its live slots are re-counted while it is held. Each rater
 * meets the items in an order of their own (nextInOrder).
 */
export async function claimOnce(tx: Prisma.TransactionClient, queueId: string, userId: string): Promise<ClaimOutcome> {
  const [queue] = await tx.$queryRaw<QueueRow[]>`
    SELECT q.id, q.study_id, q.ratings_per_item, q.lease_seconds, q.seed,
           q.adjudication_threshold, q.adjudication_mode, q.adjudicate_actions, q.gold_rate, q.retest_share, q.retest_min_hours,
           tandem_order_key(q.seed, ${userId})::text AS mask,
           (SELECT qr.claim_cursor::text FROM queue_raters qr WHERE qr.queue_id = q.id AND qr.user_id = ${userId}::uuid) AS cursor
    FROM queues q WHERE q.id = ${queueId}::uuid`;
  if (!queue) throw notFound("The queue");
  await lockRaterInStudy(tx, queue.study_id, userId);
  // Checked under the rater's lock, which removing them from the pool takes too:
  // a queue outside the rater's pool (never in it, or removed) is not theirs to know about.
  // A named adjudicator outside the pool is offered the queue's adjudications only.
  const member = await inPool(tx, queueId, userId);
  if (!member && !(await isAdjudicator(tx, queueId, userId))) throw notFound("The queue");
  await assertStudyOpen(tx, queue.study_id, CLAIM_REFUSED);

  const held = await liveHold(tx, queueId, userId);
  if (held) return { assignmentId: held };
  if (!member) {
    const adjudication = await claimAdjudication(tx, queue, userId);
    return adjudication ? { assignmentId: adjudication } : null;
  }
  // An adjudication waiting for this rater, a retest or a gold item that is due comes before the next rating.
  const quality = await claimQualityItem(tx, queue, userId);
  if (quality) return { assignmentId: quality };

  const open = claimable(boundSubject(queueId, userId, queue.ratings_per_item));
  const passedOver: string[] = [];
  // Ends: each turn returns or passes over one more item of the queue.
  for (;;) {
    const candidate = await nextInOrder(tx, queueId, queue, Prisma.sql`${open} AND NOT (qi.id = ANY(${passedOver}::uuid[]))`);
    if (!candidate) {
      // SKIP LOCKED passed by the items other transactions hold: if one of them is open to this rater, wait for it.
      const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT qi.id FROM queue_items qi WHERE ${open} LIMIT 1`;
      return locked ? { waitFor: locked.id } : null;
    }
    // The row is ours now; this statement sees every claim committed before we got it.
    if ((await takenSlots(tx, candidate.id, "rating", null)) >= queue.ratings_per_item) {
      passedOver.push(candidate.id);
      continue;
    }
    // The rater's own expired hold on this item, if any, is renewed rather than duplicated.
    // A claim moves the rater's cursor to the item's position in their order.
    const [claimed] = await tx.$queryRaw<{ id: string }[]>`
      WITH claimed AS (
        INSERT INTO assignments (id, queue_item_id, user_id, status, claimed_at, lease_expires_at)
        VALUES (tandem_uuid_v7(), ${candidate.id}::uuid, ${userId}::uuid, 'active', now(),
                now() + make_interval(secs => ${queue.lease_seconds}))
        ON CONFLICT (queue_item_id, user_id, purpose) DO UPDATE
          SET status = 'active', claimed_at = now(), lease_expires_at = EXCLUDED.lease_expires_at
          WHERE assignments.status IN ('active', 'expired')
        RETURNING id
      ), moved AS (
        UPDATE queue_raters SET claim_cursor = ${candidate.position}::bigint
        WHERE queue_id = ${queueId}::uuid AND user_id = ${userId}::uuid AND EXISTS (SELECT 1 FROM claimed)
      )
      SELECT id FROM claimed`;
    if (!claimed) {
      passedOver.push(candidate.id);
      continue;
    }
    await recordAudit(tx, { actorId: userId, action: "assignment.claim", entityType: "assignment", entityId: claimed.id, studyId: queue.study_id, data: { queueId } });
    return { assignmentId: claimed.id };
  }
}

/** Items asked of the order walk at first, then 4× more each time (at most WALK_MAX) while none of them is claimable. */
const WALK_FIRST = 8;
const WALK_MAX = 512;

/**
 * The rater's next claimable item of the queue in their own order, locked FOR
 * UPDATE SKIP LOCKED, with its position; null when none is left to lock. The
 * order is order_key XOR the rater's mask (both hashes of the queue's seed,
 * see the claim_order migration), walked from the rater's cursor (their last
 * claim) to the end, then from the start up to the cursor, so items passed
 * over (held or locked by others at the time) come round again. The walk
 * reads only items that still lack ratings, through an index, a few at a time:
 * a claim reads O(log n) rows of a queue of n items, plus the items it passes
 * over (open items the rater has done or that others hold).
 */
async function nextInOrder(tx: Prisma.TransactionClient, queueId: string, order: { mask: string; cursor: string | null }, open: Prisma.Sql): Promise<{ id: string; position: string } | null> {
  const cursor = BigInt(order.cursor ?? -1);
  const walk = (after: bigint, size: number) => Prisma.sql`tandem_queue_walk(${queueId}::uuid, ${order.mask}::bigint, ${after.toString()}::bigint, ${size}::int)`;
  const lockFirst = (items: Prisma.Sql) => tx.$queryRaw<{ id: string; position: string }[]>`
    SELECT qi.id, w.position FROM ${items} JOIN queue_items qi ON qi.id = w.id
    WHERE ${open}
    ORDER BY w.n
    LIMIT 1
    FOR UPDATE OF qi SKIP LOCKED`;
  // Most claims find their item among the first few after the cursor: one statement walks and locks.
  const [quick] = await lockFirst(Prisma.sql`(SELECT item_id AS id, item_position::text AS position, n FROM ${walk(cursor, WALK_FIRST)} WITH ORDINALITY AS o(item_id, item_position, n)) w`);
  if (quick) return quick;
  const passes: { after: bigint; through: bigint | null }[] = [{ after: cursor, through: null }];
  if (cursor >= 0n) passes.push({ after: -1n, through: cursor });
  for (const { after: from, through } of passes) {
    let after = from;
    // Ends: each turn moves `after` forward, or stops at the end of the order or of the pass.
    for (let size = WALK_FIRST; ; size = Math.min(size * 4, WALK_MAX)) {
      const walked = await tx.$queryRaw<{ id: string; position: string }[]>`SELECT item_id AS id, item_position::text AS position FROM ${walk(after, size)}`;
      const batch = through === null ? walked : walked.filter((item) => BigInt(item.position) <= through);
      if (batch.length > 0) {
        const [candidate] = await lockFirst(
          Prisma.sql`unnest(${batch.map((item) => item.id)}::uuid[], ${batch.map((item) => item.position)}::text[]) WITH ORDINALITY AS w(id, position, n)`,
        );
        if (candidate) return candidate;
      }
      const last = walked.at(-1);
      if (!last || walked.length < size || batch.length < walked.length) break;
      after = BigInt(last.position);
    }
  }
  return null;
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
      purpose: true,
      queueItem: {
        select: {
          id: true,
          queue: { select: { adjudicationMode: true } },
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
  const reconcile = assignment.purpose === "adjudication" && assignment.queueItem.queue.adjudicationMode === "reconcile";
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
    ...(reconcile ? { earlier_ratings: await earlierRatings(assignment.id, assignment.queueItem.id) } : {}),
  };
}

/**
 * The item's k ratings as "Rater A", "Rater B", … in an order seeded by the
 * adjudicator's assignment (so neither the submission order nor the rater can
 * be read from it), with the scores and reasoning only.
 */
async function earlierRatings(assignmentId: string, queueItemId: string): Promise<EarlierRating[]> {
  const rows = await prisma.$queryRaw<Omit<EarlierRating, "label">[]>`
    SELECT g.omission_harm::int AS omission_harm, g.commission_harm::int AS commission_harm,
           g.critical_action_results::text[] AS critical_action_results, g.response_class::text AS response_class,
           g.omission_mechanism::text AS omission_mechanism, g.reasoning
    FROM assignments ra JOIN ratings g ON g.assignment_id = ra.id
    WHERE ra.queue_item_id = ${queueItemId}::uuid AND ra.purpose = 'rating' AND ra.status = 'submitted'
    ORDER BY md5(${assignmentId} || g.id::text)`;
  return rows.map((row, i) => ({ label: `Rater ${String.fromCharCode(65 + i)}`, ...row }));
}
