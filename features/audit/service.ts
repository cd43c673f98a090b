import "server-only";
import { rowStream } from "@/lib/csv";
import { prisma, type Prisma } from "@/lib/db/prisma";
import type { AuditFilters } from "./schemas";

export const AUDIT_PAGE_SIZE = 50;

function auditWhere(filters: AuditFilters): Prisma.AuditLogWhereInput {
  return {
    ...(filters.action === undefined ? {} : { action: filters.action }),
    ...(filters.actor === undefined ? {} : { actor: { email: filters.actor } }),
    ...(filters.study === undefined ? {} : { studyId: filters.study }),
    ...(filters.from === undefined && filters.to === undefined
      ? {}
      : { at: { ...(filters.from === undefined ? {} : { gte: filters.from }), ...(filters.to === undefined ? {} : { lt: filters.to }) } }),
  };
}

const entryFields = {
  id: true,
  at: true,
  action: true,
  entityType: true,
  entityId: true,
  studyId: true,
  data: true,
  actor: { select: { email: true, name: true } },
} as const;

type EntryRow = Prisma.AuditLogGetPayload<{ select: typeof entryFields }>;

/** One audit entry with its actor and study named; `actor` is null for the command line. */
export interface AuditEntryView {
  id: string;
  at: Date;
  action: string;
  entityType: string;
  entityId: string | null;
  actor: { email: string; name: string } | null;
  study: { id: string; name: string } | null;
  data: unknown;
}

async function withStudies(rows: EntryRow[]): Promise<AuditEntryView[]> {
  const ids = [...new Set(rows.flatMap((r) => (r.studyId ? [r.studyId] : [])))];
  const studies = new Map((await prisma.study.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((s) => [s.id, s]));
  return rows.map((r) => ({
    id: r.id.toString(),
    at: r.at,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    actor: r.actor,
    // A study since deleted is still named by its id.
    study: r.studyId ? (studies.get(r.studyId) ?? { id: r.studyId, name: r.studyId }) : null,
    data: r.data,
  }));
}

/** One page of the log, newest first, and how many entries match. */
export async function auditPage(filters: AuditFilters, page: number): Promise<{ entries: AuditEntryView[]; total: number; pages: number }> {
  const where = auditWhere(filters);
  const [total, rows] = await Promise.all([
    prisma.auditLog.count({ where }),
    prisma.auditLog.findMany({ where, orderBy: { id: "desc" }, skip: (page - 1) * AUDIT_PAGE_SIZE, take: AUDIT_PAGE_SIZE, select: entryFields }),
  ]);
  return { entries: await withStudies(rows), total, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) };
}

/** What the filters offer: the actions recorded so far, the people, the studies. */
export async function auditFacets() {
  const [actions, actors, studies] = await Promise.all([
    prisma.auditLog.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
    prisma.user.findMany({ select: { email: true, name: true }, orderBy: { email: "asc" } }),
    prisma.study.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return { actions: actions.map((a) => a.action), actors, studies };
}

/** The columns of the audit export, in order. */
export const AUDIT_EXPORT_COLUMNS = ["id", "at", "actor_email", "actor_name", "action", "entity_type", "entity_id", "study_id", "study_name", "data"] as const;
type ExportRow = Record<Exclude<(typeof AUDIT_EXPORT_COLUMNS)[number], "data">, string | null> & { data: unknown };

const EXPORT_PAGE = 2000;

/** Every matching entry, oldest first, a page at a time (keyset on the id) so memory stays flat. */
async function* exportRows(filters: AuditFilters): AsyncGenerator<ExportRow> {
  const where = auditWhere(filters);
  let after: bigint | undefined;
  for (;;) {
    const rows = await prisma.auditLog.findMany({
      where: after === undefined ? where : { AND: [where, { id: { gt: after } }] },
      orderBy: { id: "asc" },
      take: EXPORT_PAGE,
      select: entryFields,
    });
    for (const e of await withStudies(rows)) {
      yield {
        id: e.id,
        at: e.at.toISOString(),
        actor_email: e.actor?.email ?? null,
        actor_name: e.actor?.name ?? null,
        action: e.action,
        entity_type: e.entityType,
        entity_id: e.entityId,
        study_id: e.study?.id ?? null,
        study_name: e.study?.name ?? null,
        data: e.data,
      };
    }
    if (rows.length < EXPORT_PAGE) return;
    after = rows.at(-1)?.id;
  }
}

export type AuditFormat = "csv" | "ndjson";

/** The matching entries as CSV (formula-safe; `data` as JSON text) or NDJSON, streamed. */
export function exportAudit(filters: AuditFilters, format: AuditFormat): ReadableStream<Uint8Array> {
  return rowStream(exportRows(filters), {
    format,
    columns: AUDIT_EXPORT_COLUMNS,
    cells: (row) => AUDIT_EXPORT_COLUMNS.map((c) => (c === "data" ? JSON.stringify(row.data) : row[c])),
    what: "Audit export",
  });
}
