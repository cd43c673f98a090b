import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/page-header";
import { requireRole } from "@/lib/auth/session";
import { AREA_ROLES } from "@/lib/roles";
import { listStudies } from "@/features/studies/service";
import { StudiesTable } from "@/features/studies/studies-table";

export const metadata: Metadata = { title: "Results" };

export default async function ResultsPage() {
  await requireRole(AREA_ROLES.results);
  const studies = await listStudies();
  return (
    <>
      <PageHeader title="Results">Studies, their progress and inter-rater agreement.</PageHeader>
      {studies.length === 0 ? (
        <EmptyState>No studies yet. An admin creates them under Administration.</EmptyState>
      ) : (
        <StudiesTable studies={studies} />
      )}
    </>
  );
}
