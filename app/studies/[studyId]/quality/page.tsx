import type { Metadata } from "next";
import Link from "next/link";
import { requireRole } from "@/lib/auth/session";
import { AREA_ROLES } from "@/lib/roles";
import { AbstentionSection } from "@/features/quality/abstention-section";
import { requireStudy } from "@/features/studies/browse";

export const metadata: Metadata = { title: "Rater quality" };

/** The rater-quality figures: one section component each. */
export default async function StudyQualityPage({ params }: { params: Promise<{ studyId: string }> }) {
  await requireRole(AREA_ROLES.results);
  const study = await requireStudy((await params).studyId);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-xl font-semibold">Rater quality</h2>
        <nav aria-label="Rater quality pages" className="flex flex-wrap gap-4 text-sm">
          <Link href={`/studies/${study.id}/quality/gold`} className="text-brand-700 underline">
            Gold and retest agreement
          </Link>
          <Link href={`/studies/${study.id}/quality/drift`} className="text-brand-700 underline">
            Drift per physician
          </Link>
          <Link href={`/studies/${study.id}/quality/statements`} className="text-brand-700 underline">
            Physicians&rsquo; statements (time on task)
          </Link>
        </nav>
      </div>
      <AbstentionSection studyId={study.id} />
    </div>
  );
}
