import "server-only";
import { recordAudit } from "@/lib/audit";
import { prisma, type Prisma } from "@/lib/db/prisma";
import { conflict, notFound } from "@/lib/errors";
import { studyLockedError } from "@/lib/study-lock";
import { freezeAnalysis } from "./freeze";

/** What POST …/lock and …/unlock answer: the study's lock state afterwards. */
export interface LockState {
  locked: boolean;
  lockedAt: string | null;
  /** The name of the admin who locked it. */
  lockedBy: string | null;
  /** The snapshot the lock froze; null after an unlock. */
  snapshotId: string | null;
}

interface StudyRow {
  id: string;
  name: string;
  locked_at: Date | null;
  lock_reason: string | null;
  locked_by: string | null;
}

/** Freezing a large study's analysis can take a while; writes wait on the study row meanwhile. */
const LOCK_TRANSACTION = { maxWait: 10_000, timeout: 10 * 60_000 } as const;

/**
 * The study row, FOR UPDATE: it waits for every write to the study in flight
 * (they hold it FOR KEY SHARE or FOR NO KEY UPDATE, lib/study-lock.ts) and
 * holds back any new one until this transaction ends.
 */
async function lockStudyRow(tx: Prisma.TransactionClient, studyId: string): Promise<StudyRow> {
  const [row] = await tx.$queryRaw<StudyRow[]>`
    SELECT s.id, s.name, s.locked_at, s.lock_reason, u.name AS locked_by
    FROM studies s LEFT JOIN users u ON u.id = s.locked_by_id
    WHERE s.id = ${studyId}::uuid FOR UPDATE OF s`;
  if (!row) throw notFound("The study");
  return row;
}

/** Who locks or unlocks: an admin, or null for the command line run without one. */
export type LockActor = { id: string; name: string } | null;

/**
 * Locks the study and freezes its analysis snapshot in one transaction: if
 * the snapshot cannot be taken, the study stays open. 409 if it is locked.
 */
export async function lockStudy(studyId: string, actor: LockActor, reason: string): Promise<LockState> {
  return prisma.$transaction(async (tx) => {
    const study = await lockStudyRow(tx, studyId);
    if (study.locked_at) {
      throw studyLockedError({ lockedAt: study.locked_at, lockedBy: study.locked_by, reason: study.lock_reason }, "it cannot be locked again.");
    }
    const at = new Date();
    const frozen = await freezeAnalysis(study.id, study.name, at);
    await tx.study.update({ where: { id: study.id }, data: { lockedAt: at, lockedById: actor?.id ?? null, lockReason: reason } });
    const snapshot = await tx.studySnapshot.create({
      data: {
        studyId: study.id,
        createdById: actor?.id ?? null,
        createdAt: at,
        reason,
        dataSha256: frozen.dataSha256,
        ratingCount: frozen.ratingCount,
        ratingsChangedAt: frozen.ratingsChangedAt,
        files: { create: frozen.files.map(({ name, contentType, sha256, size, bytes }) => ({ name, contentType, sha256, size, bytes })) },
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: actor?.id ?? null,
      action: "study.lock",
      entityType: "study",
      entityId: study.id,
      studyId: study.id,
      data: { reason, before: { locked: false }, after: { locked: true, lockedAt: at.toISOString(), snapshotId: snapshot.id, dataSha256: frozen.dataSha256 } },
    });
    return { locked: true, lockedAt: at.toISOString(), lockedBy: actor?.name ?? null, snapshotId: snapshot.id };
  }, LOCK_TRANSACTION);
}

/** Opens a locked study again; its snapshots stay. 409 if it is open. */
export async function unlockStudy(studyId: string, actor: LockActor, reason: string): Promise<LockState> {
  return prisma.$transaction(async (tx) => {
    const study = await lockStudyRow(tx, studyId);
    if (!study.locked_at) throw conflict("The study is not locked: there is nothing to unlock.");
    await tx.study.update({ where: { id: study.id }, data: { lockedAt: null, lockedById: null, lockReason: null } });
    await recordAudit(tx, {
      actorId: actor?.id ?? null,
      action: "study.unlock",
      entityType: "study",
      entityId: study.id,
      studyId: study.id,
      data: {
        reason,
        before: { locked: true, lockedAt: study.locked_at.toISOString(), lockedBy: study.locked_by, reason: study.lock_reason },
        after: { locked: false },
      },
    });
    return { locked: false, lockedAt: null, lockedBy: null, snapshotId: null };
  });
}
