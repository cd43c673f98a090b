import { assertStudyOpen } from "@/lib/study-lock";
import "server-only";
import { randomBytes } from "node:crypto";
import { recordAudit } from "@/lib/audit";
import { prisma, Prisma } from "@/lib/db/prisma";
import { conflict, invalid } from "@/lib/errors";
import type { NewQueue } from "./schemas";
import { drawStratifiedSample, SampleTooLargeError, type SampleCandidate, type SampleReport } from "./stratified-sample";

type Tx = Prisma.TransactionClient;
type Filter = NonNullable<NewQueue["filter"]>;
type Sample = NonNullable<NewQueue["sample"]>;

const matchesFilter = (filter: Filter) => Prisma.sql`
  AND (${filter.models ?? null}::text[] IS NULL OR r.model_id = ANY(${filter.models ?? null}::text[]))
  AND (${filter.categories ?? null}::text[] IS NULL OR s.category = ANY(${filter.categories ?? null}::text[]))
  AND (${filter.scenarios ?? null}::text[] IS NULL OR s.external_id = ANY(${filter.scenarios ?? null}::text[]))`;

// From this many items at once, the statistics of queue_items are gathered again with them.
const ANALYZE_FROM_ITEMS = 1000;
/**
 * A queue over a large study inserts an item per answer in one transaction: at 100,000 answers, seconds on a busy
 * machine, past Prisma's default 5 s, which would refuse it as a timeout (a 503). Writes to the study wait meanwhile.
 */
const BUILD_TRANSACTION = { maxWait: 10_000, timeout: 5 * 60_000 } as const;

/**
 * Inserts the answers `picked` selects (a query of `response_id`s) as the
 * queue's items, each with its place in the raters' orders (a hash of the
 * queue's seed and the item) and the k ratings it lacks, computed here in one
 * statement rather than by the insert trigger row by row. After many items,
 * the planner's statistics would still describe the table without them until
 * autovacuum's next pass, and a claim planned with those reads every item of
 * the new queue; ANALYZE (which counts this transaction's own rows) renews them.
 */
async function insertItems(tx: Tx, queueId: string, picked: Prisma.Sql): Promise<number> {
  const inserted = await tx.$executeRaw`
    INSERT INTO queue_items (id, queue_id, response_id, order_key, ratings_missing)
    SELECT n.id, q.id, n.response_id, tandem_order_key(q.seed, n.id::text), q.ratings_per_item
    FROM (SELECT tandem_uuid_v7() AS id, p.response_id FROM (${picked}) p) n, queues q
    WHERE q.id = ${queueId}::uuid`;
  if (inserted >= ANALYZE_FROM_ITEMS) await tx.$executeRaw`ANALYZE queue_items`;
  return inserted;
}

async function addAllMatching(tx: Tx, queueId: string, studyId: string, filter: Filter): Promise<number> {
  return insertItems(tx, queueId, Prisma.sql`
    SELECT r.id AS response_id FROM responses r JOIN scenarios s ON s.id = r.scenario_id
    WHERE r.study_id = ${studyId}::uuid ${matchesFilter(filter)}`);
}

/** Draws the stratified sample among the answers the filter keeps and adds it. */
async function addSample(tx: Tx, queueId: string, studyId: string, filter: Filter, sample: Sample): Promise<{ items: number; report: SampleReport }> {
  let flaggingRaterId: string | null = null;
  if (sample.oversample) {
    const rater = await tx.rater.findFirst({ where: { studyId, name: sample.oversample.rater, kind: "machine" }, select: { id: true } });
    if (!rater) throw invalid(`The study has no machine rater named "${sample.oversample.rater}".`, [{ field: "sample.oversample.rater", message: "Not a machine rater of this study." }]);
    flaggingRaterId = rater.id;
  }
  const rows = await tx.$queryRaw<{ id: string; model: string; category: string; repetition: number; pair_id: string | null; framing: string | null; flagged: boolean; content_filtered: boolean }[]>`
    SELECT r.id, r.model_id AS model, s.category, r.repetition, s.decoupling_pair_id AS pair_id, s.decoupling_framing AS framing,
           r.content_filtered,
           EXISTS (SELECT 1 FROM ratings g WHERE g.response_id = r.id AND g.rater_id = ${flaggingRaterId}::uuid AND g.omission_harm >= 2) AS flagged
    FROM responses r JOIN scenarios s ON s.id = r.scenario_id
    WHERE r.study_id = ${studyId}::uuid ${matchesFilter(filter)}`;
  const candidates: SampleCandidate[] = rows.map((r) => ({
    id: r.id, model: r.model, category: r.category, repetition: r.repetition, pairId: r.pair_id, framing: r.framing, flagged: r.flagged, contentFiltered: r.content_filtered,
  }));
  let drawn: ReturnType<typeof drawStratifiedSample>;
  try {
    drawn = drawStratifiedSample(candidates, { size: sample.size, seed: sample.seed, flaggedShare: sample.oversample?.share });
  } catch (error) {
    if (error instanceof SampleTooLargeError) throw invalid(error.message, [{ field: "sample.size", message: `At most ${String(error.available)}.` }]);
    throw error;
  }
  const items = await insertItems(tx, queueId, Prisma.sql`SELECT picked AS response_id FROM unnest(${drawn.ids}::uuid[]) AS picked`);
  await tx.queue.update({ where: { id: queueId }, data: { sample: { ...sample, report: drawn.report } as unknown as Prisma.InputJsonValue } });
  return { items, report: drawn.report };
}

/**
 * A queue over all answers of a study, over those the filter keeps, or over a
 * stratified validation sample of them (docs/design.md §2, §6).
 */
export async function createQueue(studyId: string, data: NewQueue, actorId: string): Promise<{ id: string; items: number; sample?: SampleReport }> {
  const emails = [...new Set(data.raters.map((e) => e.toLowerCase()))];
  const users = await prisma.user.findMany({ where: { email: { in: emails }, role: "rater", active: true }, select: { id: true, email: true } });
  const unknown = emails.filter((email) => !users.some((u) => u.email === email));
  if (unknown.length > 0) {
    throw invalid("Every rater must be an active user with the rater role.", unknown.map((email) => ({ field: "raters", message: `${email} is not an active rater.` })));
  }
  const adjudicatorEmails = [...new Set((data.adjudication?.adjudicators ?? []).map((e) => e.toLowerCase()))];
  const adjudicators = await prisma.user.findMany({ where: { email: { in: adjudicatorEmails }, role: "rater", active: true }, select: { id: true, email: true } });
  const unknownAdjudicators = adjudicatorEmails.filter((email) => !adjudicators.some((u) => u.email === email));
  if (unknownAdjudicators.length > 0) {
    throw invalid("Every adjudicator must be an active user with the rater role.", unknownAdjudicators.map((email) => ({ field: "adjudication.adjudicators", message: `${email} is not an active rater.` })));
  }
  // An adjudicator has not rated the answer: with no one named, the pool needs someone beyond the k who rated it.
  if (data.adjudication && adjudicators.length === 0 && emails.length <= data.ratingsPerItem) {
    throw invalid("Adjudication needs someone who has not rated the answer.", [
      { field: "adjudication.adjudicators", message: `Name adjudicators, or choose more than ${data.ratingsPerItem} raters: with ${emails.length}, everyone in the pool will have rated each answer.` },
    ]);
  }
  if (emails.length < data.ratingsPerItem) {
    throw invalid(`A queue asking ${data.ratingsPerItem} ratings per answer needs at least ${data.ratingsPerItem} raters.`, [{ field: "raters", message: `Choose at least ${data.ratingsPerItem} raters: each answer is rated by ${data.ratingsPerItem} different raters.` }]);
  }
  const filter = data.filter ?? {};
  try {
    return await prisma.$transaction(async (tx) => {
      await assertStudyOpen(tx, studyId, "it takes no new queues.");
      const queue = await tx.queue.create({
        data: {
          studyId,
          name: data.name,
          ratingsPerItem: data.ratingsPerItem,
          leaseSeconds: data.leaseMinutes * 60,
          seed: randomBytes(8).toString("hex"),
          filter: data.filter ?? Prisma.DbNull,
          createdById: actorId,
          raters: { create: users.map((u) => ({ userId: u.id })) },
          ...(data.adjudication
            ? {
                adjudicationThreshold: data.adjudication.threshold,
                adjudicationMode: data.adjudication.mode,
                adjudicateActions: data.adjudication.actions,
                adjudicators: { create: adjudicators.map((u) => ({ userId: u.id })) },
              }
            : {}),
          goldRate: data.gold?.rate ?? null,
          retestShare: data.retest?.share ?? null,
          ...(data.retest ? { retestMinHours: data.retest.minHours } : {}),
        },
      });
      const { items, report } = data.sample ? await addSample(tx, queue.id, studyId, filter, data.sample) : { items: await addAllMatching(tx, queue.id, studyId, filter), report: undefined };
      if (items === 0) throw invalid("No answer of the study matches the filter: the queue would be empty.", [{ field: "filter", message: "Matches no answer." }]);
      await recordAudit(tx, {
        actorId,
        action: "queue.create",
        entityType: "queue",
        entityId: queue.id,
        studyId,
        data: {
          name: data.name, items, raters: emails, ratingsPerItem: data.ratingsPerItem, filter: data.filter ?? null, sample: data.sample ?? null,
          adjudication: data.adjudication ?? null, gold: data.gold ?? null, retest: data.retest ?? null,
        },
      });
      return { id: queue.id, items, ...(report ? { sample: report } : {}) };
    }, BUILD_TRANSACTION);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw conflict(`The study already has a queue named "${data.name}".`, [{ field: "name", message: "This name is taken." }]);
    }
    throw error;
  }
}
