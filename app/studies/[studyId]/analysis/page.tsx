import type { Metadata } from "next";
import { z } from "zod";
import { zodDetails } from "@/lib/api/error-response";
import { requireRole } from "@/lib/auth/session";
import { AppError, type ErrorDetail } from "@/lib/errors";
import { AREA_ROLES } from "@/lib/roles";
import { AnalysisFilters } from "@/features/analysis/analysis-filters";
import { AnalysisView } from "@/features/analysis/analysis-view";
import { AnalysisFramingView, AnalysisProblems } from "@/features/analysis/framing-view";
import { analysisOptions, analysisQueryFields, chosenModels, studyAnalysis } from "@/features/analysis/service";
import { requireStudy } from "@/features/studies/browse";
import { ChangedSinceSnapshotNote } from "@/features/snapshots/views";

export const metadata: Metadata = { title: "Analysis" };

type SearchParams = Record<string, string | string[] | undefined>;

/** The page's parameters: the API's, and the source to compare with. Any other parameter is named as a problem. */
const pageSchema = z.strictObject({ ...analysisQueryFields, compare: z.string().trim().min(1).optional() });

export default async function StudyAnalysisPage({ params, searchParams }: { params: Promise<{ studyId: string }>; searchParams: Promise<SearchParams> }) {
  await requireRole(AREA_ROLES.results);
  const study = await requireStudy((await params).studyId);
  const options = await analysisOptions(study.id);
  // A repeated parameter (ticked model boxes) is one comma-separated list; an empty value is no value.
  const raw = Object.fromEntries(
    Object.entries(await searchParams).flatMap(([key, value]) => {
      const text = (Array.isArray(value) ? value.join(",") : (value ?? "")).replaceAll("\u0000", "");
      return text === "" ? [] : [[key, text]];
    }),
  );
  // A source that is not (or no longer) in the study falls back to the physicians rather than an error page.
  const known = (source: string | undefined) => (source !== undefined && options.sources.includes(source) ? source : undefined);
  const parsed = pageSchema.safeParse({
    ...raw,
    source: known(raw.source),
    compare: known(raw.compare),
    // Anything but "include" in the address leaves earlier versions' ratings out, as the default does.
    earlierVersions: raw.earlierVersions === "include" ? "include" : undefined,
  });
  let problems: ErrorDetail[] = parsed.success ? [] : zodDetails(parsed.error);
  const { compare, ...query } = parsed.success ? parsed.data : pageSchema.parse({});
  if (parsed.success) {
    try {
      chosenModels(options.models, query);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      problems = error.details;
    }
  }
  const usable = problems.length === 0;
  const [analysis, compared] = usable
    ? await Promise.all([
        studyAnalysis(study.id, query),
        compare && compare !== query.source ? studyAnalysis(study.id, { ...query, source: compare }) : Promise.resolve(null),
      ])
    : [null, null];
  const download = new URLSearchParams({
    source: query.source,
    ...(query.model === undefined ? {} : { model: query.model }),
    ...(query.models === undefined ? {} : { models: query.models.join(",") }),
    ...(query.excludeModels === undefined ? {} : { excludeModels: query.excludeModels.join(",") }),
    ...(query.category === undefined ? {} : { category: query.category }),
    ...(query.earlierVersions === undefined ? {} : { earlierVersions: query.earlierVersions }),
    test: query.test,
    format: "md",
  }).toString();
  return (
    <div className="space-y-6">
      <ChangedSinceSnapshotNote studyId={study.id} />
      <AnalysisFilters studyId={study.id} options={options} query={query} compare={compare} reportHref={`/api/v1/studies/${study.id}/analysis?${download}`} />
      {analysis ? (
        <>
          <AnalysisView analysis={analysis} compared={compared} />
          <AnalysisFramingView analysis={analysis} />
        </>
      ) : (
        <AnalysisProblems problems={problems} />
      )}
    </div>
  );
}
