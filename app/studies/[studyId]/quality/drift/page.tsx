import type { Metadata } from "next";
import { zodDetails } from "@/lib/api/error-response";
import { requireRole } from "@/lib/auth/session";
import { AppError, type ErrorDetail } from "@/lib/errors";
import { pageQuery } from "@/lib/page-params";
import { AREA_ROLES } from "@/lib/roles";
import { DriftFilters, DriftProblems, DriftView } from "@/features/drift/drift-view";
import { driftQuerySchema } from "@/features/drift/query";
import { driftPhysicians, studyDrift, type DriftResult } from "@/features/drift/service";
import { requireStudy } from "@/features/studies/browse";

export const metadata: Metadata = { title: "Drift" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function DriftPage({ params, searchParams }: { params: Promise<{ studyId: string }>; searchParams: Promise<SearchParams> }) {
  await requireRole(AREA_ROLES.results);
  const study = await requireStudy((await params).studyId);
  // The form always sends the block size, which counts only for blocks of ratings.
  const raw = await pageQuery(searchParams);
  if (raw.by !== "ratings") delete raw.size;
  const parsed = driftQuerySchema.safeParse(raw);
  const physicians = await driftPhysicians(study.id);
  let problems: ErrorDetail[] = parsed.success ? [] : zodDetails(parsed.error);
  let drift: DriftResult | null = null;
  if (parsed.success) {
    try {
      drift = await studyDrift(study.id, parsed.data);
    } catch (error) {
      if (!(error instanceof AppError && ["not_found", "conflict", "invalid"].includes(error.code))) throw error;
      problems = error.details.length > 0 ? error.details : [{ field: "rater", message: error.message }];
    }
  }
  const query = parsed.success ? parsed.data : driftQuerySchema.parse({});
  const chosen = drift?.series.length === 1 && query.rater !== undefined ? drift.series[0]?.id : undefined;
  return (
    <div className="space-y-6">
      <div>
        <h2 className="text-xl font-semibold">Drift</h2>
        <p className="max-w-3xl text-sm text-slate-600">
          Each physician over time: agreement with the other physicians who rated the same answers and with gold scores, and their mean harm against the rest of
          the pool in the same slice. Ratings of earlier texts of replaced answers, and adjudication and retest ratings, are left out.
        </p>
      </div>
      <DriftFilters studyId={study.id} physicians={physicians} rater={chosen} by={query.by} size={query.size} />
      {drift ? <DriftView drift={drift} /> : <DriftProblems problems={problems} />}
    </div>
  );
}
