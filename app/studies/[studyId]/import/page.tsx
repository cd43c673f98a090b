import type { Metadata } from "next";
import { requireRole } from "@/lib/auth/session";
import { AREA_ROLES } from "@/lib/roles";
import { ImportForm } from "@/features/import/import-form";
import { ImportHistory } from "@/features/import/import-history";
import { listImports } from "@/features/import/service";
import { requireStudy } from "@/features/studies/browse";

export const metadata: Metadata = { title: "Import" };

export default async function StudyImportPage({ params }: { params: Promise<{ studyId: string }> }) {
  await requireRole(AREA_ROLES.administration);
  const study = await requireStudy((await params).studyId);
  const imports = await listImports(study.id);
  return (
    <div className="space-y-8">
      <ImportForm studyId={study.id} locked={study.lockedAt !== null} />
      <section>
        <h2 className="mb-3 text-lg font-semibold">Import history</h2>
        <ImportHistory imports={imports} />
      </section>
    </div>
  );
}
