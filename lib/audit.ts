import "server-only";
import type { Prisma } from "@/lib/db/prisma";

type Db = Pick<Prisma.TransactionClient, "auditLog">;

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  studyId?: string | null;
  data?: Prisma.InputJsonValue;
}

/** Appends to the audit log, inside the caller's transaction when given one. */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      studyId: entry.studyId ?? null,
      data: entry.data ?? {},
    },
  });
}
