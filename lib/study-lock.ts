import "server-only";
import type { Prisma } from "@/lib/db/prisma";
import { AppError, notFound } from "@/lib/errors";

/** Who locked a study, and when; null while it is open. */
export interface StudyLock {
  lockedAt: Date;
  lockedBy: string | null;
  reason: string | null;
}

/** The 409 a write to a locked study gets, saying who locked it and since when. */
export function studyLockedError(lock: StudyLock, refused: string): AppError {
  const by = lock.lockedBy ? ` by ${lock.lockedBy}` : "";
  return new AppError("study_locked", `The study is locked${by} since ${lock.lockedAt.toISOString()}: ${refused}`);
}

/**
 * Every write to a study's ratings, answers or queues calls this inside its
 * transaction, before writing. It row-locks the study:
 * - "write" (FOR KEY SHARE) for claims, ratings, skips and queue changes:
 *   such writes never wait on each other;
 * - "import" (FOR NO KEY UPDATE): one import of a study at a time, while
 *   claims and ratings go on.
 * Locking a study takes FOR UPDATE, which conflicts with both: it waits for
 * the writes in flight to commit, and a write that comes after sees the lock.
 * So nothing is written to a study once its lock has committed, and the
 * snapshot taken then holds for as long as it stays locked.
 */
export async function assertStudyOpen(
  tx: Prisma.TransactionClient,
  studyId: string,
  refused: string,
  mode: "write" | "import" = "write",
): Promise<void> {
  const rows =
    mode === "import"
      ? await tx.$queryRaw<LockRow[]>`
          SELECT s.locked_at, s.lock_reason, u.name AS locked_by FROM studies s LEFT JOIN users u ON u.id = s.locked_by_id
          WHERE s.id = ${studyId}::uuid FOR NO KEY UPDATE OF s`
      : await tx.$queryRaw<LockRow[]>`
          SELECT s.locked_at, s.lock_reason, u.name AS locked_by FROM studies s LEFT JOIN users u ON u.id = s.locked_by_id
          WHERE s.id = ${studyId}::uuid FOR KEY SHARE OF s`;
  const [row] = rows;
  if (!row) throw notFound("The study");
  if (row.locked_at) throw studyLockedError({ lockedAt: row.locked_at, lockedBy: row.locked_by, reason: row.lock_reason }, refused);
}

interface LockRow {
  locked_at: Date | null;
  locked_by: string | null;
  lock_reason: string | null;
}
