import type { Metadata } from "next";
import { requireRole } from "@/lib/auth/session";
import { pageQuery } from "@/lib/page-params";
import { AREA_ROLES } from "@/lib/roles";
import { AuditLogView } from "@/features/audit/audit-log-view";

export const metadata: Metadata = { title: "Audit log" };

export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole(AREA_ROLES.administration);
  return <AuditLogView query={await pageQuery(searchParams)} />;
}
