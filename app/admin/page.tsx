import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/page-header";
import { requireRole } from "@/lib/auth/session";
import { AREA_ROLES } from "@/lib/roles";
import { createStudyAction } from "@/features/admin/actions";
import { AdminNav } from "@/features/admin/admin-nav";
import { CreateStudyForm } from "@/features/admin/forms";
import { listStudies } from "@/features/studies/service";
import { StudiesTable } from "@/features/studies/studies-table";

export const metadata: Metadata = { title: "Administration" };

export default async function AdminStudiesPage() {
  await requireRole(AREA_ROLES.administration);
  const studies = await listStudies();
  return (
    <>
      <PageHeader title="Administration">Studies, users and API tokens.</PageHeader>
      <AdminNav />
      <div className="grid gap-8 md:grid-cols-[2fr_1fr]">
        <section>
          <h2 className="mb-3 text-lg font-semibold">Studies</h2>
          {studies.length === 0 ? <EmptyState>No studies yet: create the first one.</EmptyState> : <StudiesTable studies={studies} />}
        </section>
        <section>
          <h2 className="mb-3 text-lg font-semibold">New study</h2>
          <CreateStudyForm action={createStudyAction} />
        </section>
      </div>
    </>
  );
}
