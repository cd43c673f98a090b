import type { ReactNode } from "react";
import { requireRole } from "@/lib/auth/session";
import { AREA_ROLES } from "@/lib/roles";
import { requireStudy } from "@/features/studies/browse";
import { StudyTabs } from "@/features/studies/study-tabs";
import { StudyLockBanner } from "@/features/snapshots/views";

export default async function StudyLayout({ children, params }: { children: ReactNode; params: Promise<{ studyId: string }> }) {
  const user = await requireRole(AREA_ROLES.results);
  const study = await requireStudy((await params).studyId);
  return (
    <>
      <div className="mb-2">
        <h1 className="text-2xl font-semibold">{study.name}</h1>
        <p className="text-sm text-slate-600">
          {study._count.scenarios} scenarios · {study._count.responses} answers
          {study.lockedAt && " · locked"}
        </p>
      </div>
      <StudyLockBanner studyId={study.id} />
      <StudyTabs studyId={study.id} isAdmin={user.role === "admin"} />
      {children}
    </>
  );
}
