import { assertStudyOpen } from "@/lib/study-lock";
import "server-only";
import { recordAudit } from "@/lib/audit";
import type { ImportKind } from "@/lib/db/generated/enums";
import { prisma, type Prisma } from "@/lib/db/prisma";
import { inImportTransaction } from "./connection";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import type { ImportContext, ImportCounts, Importer } from "./context";
import { ImportProblems, type RefusedRecord } from "./problems";
import { ofKind } from "./record-shape";
import { readRecords, type Upload, type UploadStats } from "./read-records";
import { importGold } from "./gold";
import { importResponses } from "./responses";
import { importSafetyMap } from "./safety-map";
import { importScenarios } from "./scenarios";
import { importScores } from "./scores";
import { StagingWriter } from "./staging";

const IMPORTERS: Record<ImportKind, Importer> = {
  scenarios: importScenarios,
  safety_colliding: importSafetyMap,
  responses: importResponses,
  scores: importScores,
  gold: importGold,
};

export interface ImportRequest {
  kind: ImportKind;
  studyId: string;
  actorId: string;
  uploads: Upload[];
  replace: boolean;
  replaceRated: boolean;
  raterName: string | null;
  /** ?invalid=skip: records with problems are refused whole, the others imported. */
  skipInvalid: boolean;
  /** Check only: every check runs and the counts are those the import would give, then all of it is rolled back. */
  dryRun: boolean;
}

export interface ImportOutcome extends ImportCounts {
  importId: string;
  dryRun: boolean;
  /** Records refused whole (only ever with ?invalid=skip). */
  refused: RefusedRecord[];
}

/** Thrown to roll a clean dry run back once its counts are known. */
class DryRunDone extends Error {
  constructor(
    readonly counts: ImportCounts,
    readonly refused: RefusedRecord[],
  ) {
    super("dry run done");
  }
}

/**
 * Runs one import all-or-nothing: the study row is locked (one import per
 * study at a time), every row is checked, and only a clean upload is
 * written. A refused upload is still recorded in the import history. A dry
 * run goes through the whole import, merge included, so its counts are
 * exactly those the import would give, and is then rolled back: only its
 * history entry, marked as a dry run, is written.
 */
export async function runImport(request: ImportRequest): Promise<ImportOutcome> {
  const stats = new Map<Upload, UploadStats>();
  const limitBytes = env().MAX_BODY_BYTES;
  try {
    // A large file is one long transaction: it either all lands or none of it does.
    return await inImportTransaction(async ({ client, db: tx }, onAbort) => {
      await assertStudyOpen(tx, request.studyId, "it takes no more imports.", "import");

      const batch = await tx.importBatch.create({
        data: {
          studyId: request.studyId,
          userId: request.actorId,
          kind: request.kind,
          status: "succeeded",
          fileNames: request.uploads.map((u) => u.name),
          sha256: "",
          raterName: request.raterName,
        },
      });
      const context: ImportContext = {
        tx,
        staging: (table, columns) => new StagingWriter(client, table, columns, onAbort),
        studyId: request.studyId,
        batchId: batch.id,
        actorId: request.actorId,
        uploads: request.uploads,
        problems: new ImportProblems(request.skipInvalid),
        replace: request.replace,
        replaceRated: request.replaceRated,
        raterName: request.raterName,
        skipInvalid: request.skipInvalid,
        records: (upload, uploadStats, csvColumns) =>
          ofKind(request.kind, { studyId: request.studyId, file: upload.name }, readRecords(upload, { limitBytes, stats: uploadStats, ...(csvColumns ? { csvColumns } : {}) })),
        stats,
      };
      const counts = await IMPORTERS[request.kind](context);
      if (context.problems.blocks(request.skipInvalid)) throw context.problems.toError();
      const refused = context.problems.refusedRecords;
      if (request.dryRun) throw new DryRunDone(counts, refused);

      await tx.importBatch.update({
        where: { id: batch.id },
        data: { ...countsData(counts), sha256: digests(request.uploads, stats), ...refusedData(refused) },
      });
      await recordAudit(tx, {
        actorId: request.actorId,
        action: `import.${request.kind}`,
        entityType: "import_batch",
        entityId: batch.id,
        studyId: request.studyId,
        data: {
          files: request.uploads.map((u) => u.name),
          replace: request.replaceRated ? "rated" : request.replace,
          ...countsData(counts),
          ...(request.skipInvalid ? { invalid: "skip", refused: refused.length } : {}),
        },
      });
      return { importId: batch.id, dryRun: false, ...counts, refused };
    });
  } catch (error) {
    if (error instanceof DryRunDone) return recordDryRun(request, stats, error.counts, error.refused);
    await recordRefusedImport(request, stats, error);
    throw error;
  }
}

/** The history entry of a clean dry run: the counts the import would give, marked as a check only. */
async function recordDryRun(request: ImportRequest, stats: Map<Upload, UploadStats>, counts: ImportCounts, refused: RefusedRecord[]): Promise<ImportOutcome> {
  const entry = await prisma.importBatch.create({
    data: {
      studyId: request.studyId,
      userId: request.actorId,
      kind: request.kind,
      status: "succeeded",
      dryRun: true,
      fileNames: request.uploads.map((u) => u.name),
      sha256: digests(request.uploads, stats),
      raterName: request.raterName,
      ...countsData(counts),
      ...refusedData(refused),
    },
  });
  return { importId: entry.id, dryRun: true, ...counts, refused };
}

const countsData = (counts: ImportCounts) => ({
  created: counts.created,
  unchanged: counts.unchanged,
  replaced: counts.replaced,
  unscored: counts.unscored ?? 0,
});

/** The refused records kept with the history entry (downloadable as NDJSON). */
const refusedData = (refused: RefusedRecord[]) =>
  refused.length === 0 ? {} : { refused: refused.length, refusedRecords: refused as unknown as Prisma.InputJsonValue };

const digests = (uploads: Upload[], stats: Map<Upload, UploadStats>) =>
  uploads.map((u) => stats.get(u)?.sha256 ?? "").join(" ");

/** The history shows refused uploads too, with what was wrong (nothing else is written). */
async function recordRefusedImport(request: ImportRequest, stats: Map<Upload, UploadStats>, error: unknown) {
  if (!(error instanceof AppError) || error.code === "not_found" || error.code === "database_unavailable") return;
  try {
    await prisma.importBatch.create({
      data: {
        studyId: request.studyId,
        userId: request.actorId,
        kind: request.kind,
        status: "failed",
        dryRun: request.dryRun,
        fileNames: request.uploads.map((u) => u.name),
        sha256: digests(request.uploads, stats),
        raterName: request.raterName,
        errors: { message: error.message, details: error.details.slice(0, 200) } as unknown as Prisma.InputJsonValue,
      },
    });
  } catch (recordError) {
    console.error("Could not record a refused import:", recordError);
  }
}

export function listImports(studyId: string) {
  return prisma.importBatch.findMany({
    where: { studyId },
    omit: { refusedRecords: true },
    orderBy: { createdAt: "desc" },
    take: 200,
    include: { user: { select: { email: true } } },
  });
}

/** The records an import refused with ?invalid=skip (empty for one that refused none); a 404 for another study's import. */
export async function refusedRecordsOf(studyId: string, importId: string): Promise<RefusedRecord[]> {
  const batch = await prisma.importBatch.findFirst({ where: { id: importId, studyId }, select: { refusedRecords: true } });
  if (!batch) throw notFound("The import");
  return (batch.refusedRecords ?? []) as unknown as RefusedRecord[];
}
