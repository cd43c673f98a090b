import "server-only";
import { prisma } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";
import { rowStream } from "@/lib/csv";

/** The columns of the ratings export, in order: every rating unblinded, one row each. */
export const RATING_EXPORT_COLUMNS = [
  "rating_id", "scenario_id", "model_id", "repetition", "blind_code", "rater", "rater_kind", "queue",
  "omission_harm", "commission_harm", "critical_action_results", "response_class", "omission_mechanism", "reasoning",
  "version", "answer_version", "answer_current", "created_at", "updated_at",
] as const;
type ExportValue = string | number | boolean | null;
type ExportRow = Record<(typeof RATING_EXPORT_COLUMNS)[number], ExportValue>;

const PAGE = 2000;

/** Every rating of the study in id order, read a page at a time so memory stays flat. */
async function* ratingRows(studyId: string): AsyncGenerator<ExportRow> {
  let after: string | undefined;
  for (;;) {
    const page = await prisma.rating.findMany({
      where: { response: { studyId }, ...(after === undefined ? {} : { id: { gt: after } }) },
      orderBy: { id: "asc" },
      take: PAGE,
      select: {
        id: true, omissionHarm: true, commissionHarm: true, criticalActionResults: true, responseClass: true, omissionMechanism: true,
        reasoning: true, version: true, answerVersion: true, createdAt: true, updatedAt: true, raterKind: true,
        rater: { select: { name: true } },
        response: { select: { modelId: true, repetition: true, blindCode: true, version: true, scenario: { select: { externalId: true } } } },
        assignment: { select: { queueItem: { select: { queue: { select: { name: true } } } } } },
      },
    });
    for (const g of page) {
      yield {
        rating_id: g.id,
        scenario_id: g.response.scenario.externalId,
        model_id: g.response.modelId,
        repetition: g.response.repetition,
        blind_code: g.response.blindCode,
        rater: g.rater.name,
        rater_kind: g.raterKind,
        queue: g.assignment?.queueItem.queue.name ?? null,
        omission_harm: g.omissionHarm,
        commission_harm: g.commissionHarm,
        critical_action_results: g.criticalActionResults.join(";"),
        response_class: g.responseClass,
        omission_mechanism: g.omissionMechanism,
        reasoning: g.reasoning,
        version: g.version,
        // The version of the answer's text this rating was given to, and whether that text is still the answer's.
        answer_version: g.answerVersion,
        answer_current: g.answerVersion === g.response.version,
        created_at: g.createdAt.toISOString(),
        updated_at: g.updatedAt.toISOString(),
      };
    }
    if (page.length < PAGE) return;
    after = page.at(-1)?.id;
  }
}

export type ExportFormat = "csv" | "ndjson";

/** The study's ratings as a CSV (formula-safe) or NDJSON stream; 404 before anything is sent if the study is unknown. */
export async function exportRatings(studyId: string, format: ExportFormat): Promise<{ stream: ReadableStream<Uint8Array>; filename: string }> {
  const study = await prisma.study.findUnique({ where: { id: studyId }, select: { id: true, name: true } });
  if (!study) throw notFound("The study");
  const stream = rowStream(ratingRows(study.id), {
    format,
    columns: RATING_EXPORT_COLUMNS,
    cells: (row) => RATING_EXPORT_COLUMNS.map((c) => row[c]),
    what: "Ratings export",
  });
  const slug = study.name.replace(/[^\w.-]+/g, "-").slice(0, 60) || "study";
  return { stream, filename: `${slug}-ratings.${format}` };
}
