import type { Metadata } from "next";
import { requireRole } from "@/lib/auth/session";
import { pageQuery } from "@/lib/page-params";
import { AREA_ROLES } from "@/lib/roles";
import { resultsFilterOptions, studyResults } from "@/features/results/results";
import { ResultsFilters } from "@/features/results/results-filters";
import { LiveResults } from "@/features/results/results-view";
import { resultsPageFilter } from "@/features/results/page-filter";
import { currentResultsTag } from "@/features/results/change-counter";
import { TimeOnTaskSection } from "@/features/quality/time-on-task-section";
import { requireStudy } from "@/features/studies/browse";
import { ChangedSinceSnapshotNote } from "@/features/snapshots/views";

export const metadata: Metadata = { title: "Results" };

export default async function StudyResultsPage({ params, searchParams }: { params: Promise<{ studyId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole(AREA_ROLES.results);
  const study = await requireStudy((await params).studyId);
  const options = await resultsFilterOptions(study.id);
  // Ticked model boxes repeat `models`: one comma-separated list. Every model ticked is no model filter.
  const address = await searchParams;
  const ticked = Array.isArray(address.models) ? address.models.join(",") : address.models;
  const everyModel = ticked !== undefined && options.models.every((m) => ticked.split(",").includes(m));
  const { chosen, filter, pairProblem, query } = resultsPageFilter(await pageQuery(Promise.resolve({ ...address, models: everyModel ? undefined : ticked })), options);
  // The tag is read before the figures, so a change committed in between shows on the first poll.
  const tag = await currentResultsTag(study.id, filter);
  const results = await studyResults(study.id, filter);
  const queueName = options.queues.find((q) => q.id === filter.queue)?.name;
  return (
    <div className="space-y-4">
      <ChangedSinceSnapshotNote studyId={study.id} />
      <ResultsFilters studyId={study.id} chosen={chosen} filter={filter} options={options} query={query} />
      {pairProblem && (
        <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="rater-pair-problem">
          {pairProblem.message}
        </p>
      )}
      <LiveResults key={query} studyId={study.id} query={query} initial={results} initialTag={tag} queueName={queueName} />
      <TimeOnTaskSection studyId={study.id} />
    </div>
  );
}
