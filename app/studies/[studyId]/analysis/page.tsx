import type { Metadata } from "next";
import { requireRole } from "@/lib/auth/session";
import { pageQuery } from "@/lib/page-params";
import { AREA_ROLES } from "@/lib/roles";
import { AnalysisFilters } from "@/features/analysis/analysis-filters";
import { AnalysisView } from "@/features/analysis/analysis-view";
import { analysisOptions, analysisQuerySchema, studyAnalysis } from "@/features/analysis/service";
import { requireStudy } from "@/features/studies/browse";
import { ChangedSinceSnapshotNote } from "@/features/snapshots/views";

export const metadata: Metadata = { title: "Analysis" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function StudyAnalysisPage({ params, searchParams }: { params: Promise<{ studyId: string }>; searchParams: Promise<SearchParams> }) {
  await requireRole(AREA_ROLES.results);
  const study = await requireStudy((await params).studyId);
  const options = await analysisOptions(study.id);
  const raw = await pageQuery(searchParams);
  // A source that is not (or no longer) in the study falls back to the physicians rather than an error page.
  const known = (source: string | undefined) => (source !== undefined && options.sources.includes(source) ? source : undefined);
  const query = analysisQuerySchema.parse({
    source: known(raw.source),
    model: raw.model,
    category: raw.category,
    // Anything but "include" in the address leaves earlier versions' ratings out, as the default does.
    earlierVersions: raw.earlierVersions === "include" ? "include" : undefined,
  });
  const compare = known(raw.compare);
  const [analysis, compared] = await Promise.all([
    studyAnalysis(study.id, query),
    compare && compare !== query.source ? studyAnalysis(study.id, { ...query, source: compare }) : Promise.resolve(null),
  ]);
  const download = new URLSearchParams({
    source: query.source,
    ...(query.model === undefined ? {} : { model: query.model }),
    ...(query.category === undefined ? {} : { category: query.category }),
    ...(query.earlierVersions === undefined ? {} : { earlierVersions: query.earlierVersions }),
    format: "md",
  }).toString();
  return (
    <div className="space-y-6">
      <ChangedSinceSnapshotNote studyId={study.id} />
      <AnalysisFilters studyId={study.id} options={options} query={query} compare={compare} reportHref={`/api/v1/studies/${study.id}/analysis?${download}`} />
      <AnalysisView analysis={analysis} compared={compared} />
    </div>
  );
}
