import "server-only";
import { prisma } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";
import { SNAPSHOT_FILE_NAMES, type SnapshotFileName } from "./schemas";

export interface SnapshotSummary {
  id: string;
  createdAt: string;
  createdBy: string | null;
  reason: string;
  dataSha256: string;
  files: { name: SnapshotFileName; sha256: string; size: number }[];
}

const byFileOrder = (a: { name: string }, b: { name: string }) =>
  SNAPSHOT_FILE_NAMES.indexOf(a.name as SnapshotFileName) - SNAPSHOT_FILE_NAMES.indexOf(b.name as SnapshotFileName);

/** The study's snapshots, newest first, with each file's sha256 and size (never the bytes). 404 for an unknown study. */
export async function listSnapshots(studyId: string): Promise<SnapshotSummary[]> {
  const study = await prisma.study.findUnique({ where: { id: studyId }, select: { id: true } });
  if (!study) throw notFound("The study");
  const snapshots = await prisma.studySnapshot.findMany({
    where: { studyId },
    orderBy: { createdAt: "desc" },
    select: {
      id: true, createdAt: true, reason: true, dataSha256: true,
      createdBy: { select: { name: true } },
      files: { select: { name: true, sha256: true, size: true } },
    },
  });
  return snapshots.map((s) => ({
    id: s.id,
    createdAt: s.createdAt.toISOString(),
    createdBy: s.createdBy?.name ?? null,
    reason: s.reason,
    dataSha256: s.dataSha256,
    files: s.files.sort(byFileOrder).map((f) => ({ name: f.name as SnapshotFileName, sha256: f.sha256, size: f.size })),
  }));
}

/** One stored file of a snapshot of this study, exactly as frozen; a snapshot of another study is not found. */
export async function snapshotFile(studyId: string, snapshotId: string, name: SnapshotFileName) {
  const file = await prisma.studySnapshotFile.findFirst({
    where: { snapshotId, name, snapshot: { studyId } },
    select: { contentType: true, sha256: true, bytes: true, snapshot: { select: { createdAt: true, study: { select: { name: true } } } } },
  });
  if (!file) throw notFound("The snapshot file");
  const slug = file.snapshot.study.name.replace(/[^\w.-]+/g, "-").slice(0, 60) || "study";
  const stamp = file.snapshot.createdAt.toISOString().replace(/[:.]/g, "-");
  return { contentType: file.contentType, sha256: file.sha256, bytes: file.bytes, filename: `${slug}-snapshot-${stamp}-${name}` };
}

/** Who locked the study, when and why; null while it is open. */
export async function studyLockState(studyId: string) {
  const study = await prisma.study.findUnique({
    where: { id: studyId },
    select: { lockedAt: true, lockReason: true, lockedBy: { select: { name: true } } },
  });
  if (!study?.lockedAt) return null;
  return { lockedAt: study.lockedAt, lockedBy: study.lockedBy?.name ?? null, reason: study.lockReason };
}

/**
 * The last snapshot, when the study's ratings have changed since it was
 * taken (after an unlock): compared by the number of ratings and the latest
 * change, which the (response_id, updated_at) index of ratings answers.
 */
export async function changedSinceLastSnapshot(studyId: string): Promise<{ createdAt: Date; dataSha256: string } | null> {
  const [row] = await prisma.$queryRaw<{ created_at: Date; data_sha256: string; changed: boolean }[]>`
    WITH last AS (
      SELECT created_at, data_sha256, rating_count, ratings_changed_at FROM study_snapshots
      WHERE study_id = ${studyId}::uuid ORDER BY created_at DESC LIMIT 1
    ), live AS (
      SELECT count(*)::int AS rating_count, max(g.updated_at) AS ratings_changed_at
      FROM ratings g JOIN responses r ON r.id = g.response_id WHERE r.study_id = ${studyId}::uuid
    )
    SELECT last.created_at, last.data_sha256,
           (live.rating_count <> last.rating_count OR live.ratings_changed_at IS DISTINCT FROM last.ratings_changed_at) AS changed
    FROM last, live`;
  return row?.changed ? { createdAt: row.created_at, dataSha256: row.data_sha256 } : null;
}
