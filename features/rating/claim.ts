import "server-only";
import { recordAudit } from "@/lib/audit";
import { prisma } from "@/lib/db/prisma";
import { conflict, notFound } from "@/lib/errors";

/** What a rater receives for an item: the blind code and the texts, nothing that identifies the answer. */
export interface ClaimedItem {
  assignmentId: string;
  blindCode: string;
  scenario: { prompt: string; system_prompt: string | null; gold_standard_response: string; critical_actions: string[] };
  response: { text: string };
  leaseExpiresAt: string;
}

interface QueueRow {
  ratings_per_item: number;
  lease_seconds: number;
  seed: string;
  locked_at: Date | null;
  in_pool: boolean;
}

const CANDIDATE_ATTEMPTS = 20;

/**
 * Claims (or resumes) the rater's next item of a queue, atomically: one
 * transaction that locks the candidate item row (FOR UPDATE SKIP LOCKED, so
 * concurrent claimers pass each other by) and re-counts its live slots while
 * holding it. Each rater meets the items in an order of their own (a hash of
 * the queue's seed, the rater and the item). Null when nothing is left.
 */
export async function claimNext(queueId: string, userId: string): Promise<ClaimedItem | null> {
  const assignmentId = await prisma.$transaction(async (tx) => {
    const [queue] = await tx.$queryRaw<QueueRow[]>`
      SELECT q.ratings_per_item, q.lease_seconds, q.seed, s.locked_at,
             EXISTS (SELECT 1 FROM queue_raters qr WHERE qr.queue_id = q.id AND qr.user_id = ${userId}::uuid) AS in_pool
      FROM queues q JOIN studies s ON s.id = q.study_id WHERE q.id = ${queueId}::uuid`;
    // A queue outside the rater's pool is not theirs to know about.
    if (!queue?.in_pool) throw notFound("The queue");
    if (queue.locked_at) throw conflict("The study is locked: it takes no more ratings.");

    const [held] = await tx.$queryRaw<{ id: string }[]>`
      SELECT a.id FROM assignments a JOIN queue_items qi ON qi.id = a.queue_item_id
      WHERE qi.queue_id = ${queueId}::uuid AND a.user_id = ${userId}::uuid
        AND a.status = 'active' AND a.lease_expires_at > now()
      ORDER BY a.claimed_at LIMIT 1`;
    if (held) return held.id;

    const passedOver: string[] = [];
    for (let attempt = 0; attempt < CANDIDATE_ATTEMPTS; attempt++) {
      const [candidate] = await tx.$queryRaw<{ id: string }[]>`
        SELECT qi.id FROM queue_items qi
        WHERE qi.queue_id = ${queueId}::uuid
          AND NOT (qi.id = ANY(${passedOver}::uuid[]))
          AND NOT EXISTS (
            SELECT 1 FROM assignments mine WHERE mine.queue_item_id = qi.id AND mine.user_id = ${userId}::uuid
              AND (mine.status IN ('submitted', 'skipped') OR (mine.status = 'active' AND mine.lease_expires_at > now())))
          AND (SELECT count(*) FROM assignments a WHERE a.queue_item_id = qi.id
                 AND (a.status = 'submitted' OR (a.status = 'active' AND a.lease_expires_at > now()))) < ${queue.ratings_per_item}
        ORDER BY md5(${queue.seed} || ${userId} || qi.id::text)
        LIMIT 1
        FOR UPDATE OF qi SKIP LOCKED`;
      if (!candidate) return null;
      // The row is ours now; this statement sees every claim committed before we got it.
      const [live] = await tx.$queryRaw<{ taken: number }[]>`
        SELECT count(*)::int AS taken FROM assignments
        WHERE queue_item_id = ${candidate.id}::uuid
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
        ON CONFLICT (queue_item_id, user_id) DO UPDATE
          SET status = 'active', claimed_at = now(), lease_expires_at = EXCLUDED.lease_expires_at
          WHERE assignments.status IN ('active', 'expired')
        RETURNING id`;
      if (!claimed) {
        passedOver.push(candidate.id);
        continue;
      }
      await recordAudit(tx, { actorId: userId, action: "assignment.claim", entityType: "assignment", entityId: claimed.id, data: { queueId } });
      return claimed.id;
    }
    return null;
  });
  return assignmentId ? blindedItem(assignmentId) : null;
}

/** The item behind an assignment, as a rater may see it. */
export async function blindedItem(assignmentId: string): Promise<ClaimedItem> {
  const assignment = await prisma.assignment.findUniqueOrThrow({
    where: { id: assignmentId },
    select: {
      id: true,
      leaseExpiresAt: true,
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
    blindCode: response.blindCode,
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
