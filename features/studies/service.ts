import "server-only";
import { prisma, Prisma } from "@/lib/db/prisma";
import { recordAudit } from "@/lib/audit";
import { conflict } from "@/lib/errors";
import type { NewStudy } from "./schemas";

/** Creates a study from input the caller has validated with newStudySchema. */
export async function createStudy(data: NewStudy, actorId: string | null) {
  try {
    return await prisma.$transaction(async (tx) => {
      const study = await tx.study.create({
        data: { name: data.name, description: data.description ?? "", createdById: actorId },
        select: { id: true, name: true },
      });
      await recordAudit(tx, {
        actorId,
        action: "study.create",
        entityType: "study",
        entityId: study.id,
        studyId: study.id,
        data: { name: study.name },
      });
      return study;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw conflict(`A study named "${data.name}" already exists.`, [
        { field: "name", message: "This name is already taken." },
      ]);
    }
    throw error;
  }
}

export async function listStudies() {
  const studies = await prisma.study.findMany({
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      description: true,
      lockedAt: true,
      createdAt: true,
      _count: { select: { scenarios: true, queues: true } },
    },
  });
  const answers = await prisma.response.groupBy({ by: ["studyId"], where: { studyId: { in: studies.map((s) => s.id) } }, _count: { _all: true } });
  const answersOf = new Map(answers.map((a) => [a.studyId, a._count._all]));
  return studies.map(({ _count, lockedAt, ...study }) => ({
    ...study,
    locked: lockedAt !== null,
    scenarios: _count.scenarios,
    responses: answersOf.get(study.id) ?? 0,
    queues: _count.queues,
  }));
}
