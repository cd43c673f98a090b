import "server-only";
import { randomBytes } from "node:crypto";
import { recordAudit } from "@/lib/audit";
import { prisma, Prisma } from "@/lib/db/prisma";
import { conflict, invalid, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { newQueueSchema, type NewQueue } from "./schemas";

/** A queue over all answers of a study, or over those the filter keeps (DESIGN §2, §6). */
export async function createQueue(studyId: string, input: NewQueue, actorId: string): Promise<{ id: string; items: number }> {
  const data = newQueueSchema.parse(input);
  if (!isUuid(studyId)) throw notFound("The study");
  const emails = [...new Set(data.raters.map((e) => e.toLowerCase()))];
  const users = await prisma.user.findMany({ where: { email: { in: emails }, role: "rater", active: true }, select: { id: true, email: true } });
  const unknown = emails.filter((email) => !users.some((u) => u.email === email));
  if (unknown.length > 0) {
    throw invalid("Every rater must be an active user with the rater role.", unknown.map((email) => ({ field: "raters", message: `${email} is not an active rater.` })));
  }
  if (emails.length < data.ratingsPerItem) {
    throw invalid(`A queue asking ${data.ratingsPerItem} ratings per answer needs at least ${data.ratingsPerItem} raters.`, [{ field: "raters", message: "Too few raters for ratingsPerItem." }]);
  }
  const filter = data.filter ?? {};
  try {
    return await prisma.$transaction(async (tx) => {
      const study = await tx.study.findUnique({ where: { id: studyId }, select: { lockedAt: true } });
      if (!study) throw notFound("The study");
      if (study.lockedAt) throw conflict("The study is locked: it takes no new queues.");
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
        },
      });
      const items = await tx.$executeRaw`
        INSERT INTO queue_items (id, queue_id, response_id)
        SELECT gen_random_uuid(), ${queue.id}::uuid, r.id
        FROM responses r JOIN scenarios s ON s.id = r.scenario_id
        WHERE r.study_id = ${studyId}::uuid
          AND (${filter.models ?? null}::text[] IS NULL OR r.model_id = ANY(${filter.models ?? null}::text[]))
          AND (${filter.categories ?? null}::text[] IS NULL OR s.category = ANY(${filter.categories ?? null}::text[]))
          AND (${filter.scenarios ?? null}::text[] IS NULL OR s.external_id = ANY(${filter.scenarios ?? null}::text[]))`;
      if (items === 0) throw invalid("No answer of the study matches the filter: the queue would be empty.", [{ field: "filter", message: "Matches no answer." }]);
      await recordAudit(tx, {
        actorId,
        action: "queue.create",
        entityType: "queue",
        entityId: queue.id,
        studyId,
        data: { name: data.name, items, raters: emails, ratingsPerItem: data.ratingsPerItem, filter: data.filter ?? null },
      });
      return { id: queue.id, items };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw conflict(`The study already has a queue named "${data.name}".`, [{ field: "name", message: "This name is taken." }]);
    }
    throw error;
  }
}
