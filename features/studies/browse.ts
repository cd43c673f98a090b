import "server-only";
import { cache } from "react";
import { notFound } from "next/navigation";
import { prisma, type Prisma } from "@/lib/db/prisma";
import { isUuid } from "@/lib/ids";
import { studyModels } from "./facets";

// The study browser shows everything unblinded: its pages are for admins
// and researchers only, never for raters.

/**
 * The study a page is about, or the page is "not found". Cached for the
 * request, so the study layout and its page read it once between them.
 */
export const requireStudy = cache(async (studyId: string) => {
  if (!isUuid(studyId)) notFound();
  const [study, responses] = await Promise.all([
    prisma.study.findUnique({
      where: { id: studyId },
      select: { id: true, name: true, description: true, lockedAt: true, _count: { select: { scenarios: true } } },
    }),
    prisma.response.count({ where: { studyId } }),
  ]);
  if (!study) notFound();
  return { ...study, _count: { ...study._count, responses } };
});

export async function listScenarios(studyId: string) {
  const scenarios = await prisma.scenario.findMany({
    where: { studyId },
    select: {
      id: true,
      externalId: true,
      category: true,
      acuityWeight: true,
      decouplingPairId: true,
      decouplingFraming: true,
      criticalActions: { select: { safetyColliding: true } },
      _count: { select: { responses: true } },
    },
  });
  return scenarios
    .map(({ criticalActions, _count, ...s }) => ({
      ...s,
      criticalActions: criticalActions.length,
      safetyColliding: criticalActions.filter((a) => a.safetyColliding === true).length,
      flagsImported: criticalActions.some((a) => a.safetyColliding !== null),
      answers: _count.responses,
    }))
    .sort((a, b) => a.externalId.localeCompare(b.externalId, "en", { numeric: true }));
}

export interface AnswerFilters {
  model?: string | undefined;
  scenario?: string | undefined;
  filtered?: "yes" | "no" | undefined;
  page: number;
}

export const ANSWERS_PER_PAGE = 50;

export async function listAnswers(studyId: string, filters: AnswerFilters) {
  const where: Prisma.ResponseWhereInput = {
    studyId,
    ...(filters.model ? { modelId: filters.model } : {}),
    ...(filters.scenario ? { scenario: { externalId: filters.scenario } } : {}),
    ...(filters.filtered ? { contentFiltered: filters.filtered === "yes" } : {}),
  };
  const [total, rows, models, scenarioIds] = await Promise.all([
    prisma.response.count({ where }),
    prisma.response.findMany({
      where,
      orderBy: [{ scenario: { externalId: "asc" } }, { modelId: "asc" }, { repetition: "asc" }],
      skip: (filters.page - 1) * ANSWERS_PER_PAGE,
      take: ANSWERS_PER_PAGE,
      select: {
        id: true,
        modelId: true,
        repetition: true,
        contentFiltered: true,
        outputTokens: true,
        blindCode: true,
        scenario: { select: { externalId: true } },
        _count: { select: { ratings: true } },
      },
    }),
    studyModels(studyId),
    prisma.scenario.findMany({ where: { studyId }, select: { externalId: true }, orderBy: { externalId: "asc" } }),
  ]);
  return {
    total,
    pages: Math.max(1, Math.ceil(total / ANSWERS_PER_PAGE)),
    rows,
    models,
    scenarios: scenarioIds.map((s) => s.externalId).sort((a, b) => a.localeCompare(b, "en", { numeric: true })),
  };
}

/** One answer of this study (an answer of another study is not found here). */
export async function getAnswerOrNotFound(studyId: string, answerId: string) {
  const answer = await prisma.response.findFirst({
    where: { id: answerId, studyId },
    include: {
      scenario: { include: { criticalActions: { orderBy: { position: "asc" } } } },
      ratings: {
        include: {
          rater: { select: { name: true, kind: true } },
          // A rating's earlier versions: when each was changed, and the rater's reason.
          revisions: { select: { version: true, changedAt: true, changeReason: true }, orderBy: { version: "asc" } },
        },
        orderBy: { createdAt: "asc" },
      },
      versions: { include: { replacedBy: { select: { name: true, email: true } } }, orderBy: { version: "asc" } },
    },
  });
  if (!answer) notFound();
  // Who imported the current text (import_batch_id is kept by triggers, not a relation).
  const importBatch = answer.importBatchId
    ? await prisma.importBatch.findFirst({ where: { id: answer.importBatchId, studyId }, select: { user: { select: { name: true, email: true } } } })
    : null;
  return { ...answer, importBatch };
}
