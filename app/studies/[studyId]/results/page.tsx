import type { Metadata } from "next";
import { requireRole } from "@/lib/auth/session";
import { pageQuery } from "@/lib/page-params";
import { AREA_ROLES } from "@/lib/roles";
import { resultsFilterOptions, studyResults } from "@/features/results/results";
import { ResultsFilters } from "@/features/results/results-filters";
import { LiveResults } from "@/features/results/results-view";
import { raterPairProblem } from "@/features/results/rater-pair";
import { resultsScopeFields } from "@/features/results/scope";
import { requireStudy } from "@/features/studies/browse";
import { ChangedSinceSnapshotNote } from "@/features/snapshots/views";

export const metadata: Metadata = { title: "Results" };

export default async function StudyResultsPage({ params, searchParams }: { params: Promise<{ studyId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole(AREA_ROLES.results);
  const study = await requireStudy((await params).studyId);
  const options = await resultsFilterOptions(study.id);
  const parsed = resultsScopeFields.safeParse(await pageQuery(searchParams));
  // An unknown queue or rater in the address shows the whole study rather than an error page.
  const known = (rater: string | undefined) => rater === undefined || options.raters.some((r) => r.id === rater);
  const chosen =
    parsed.success && (parsed.data.queue === undefined || options.queues.some((q) => q.id === parsed.data.queue)) && known(parsed.data.raterA) && known(parsed.data.raterB)
      ? parsed.data
      : {};
  // One rater, or the same one twice, compares nothing: the page says so and shows the rest.
  const pairProblem = raterPairProblem(chosen.raterA, chosen.raterB);
  const { raterA: _raterA, raterB: _raterB, ...withoutRaters } = chosen;
  const filter = pairProblem ? withoutRaters : chosen;
  const query = new URLSearchParams(Object.entries(filter)).toString();
  const results = await studyResults(study.id, filter);
  const queueName = options.queues.find((q) => q.id === filter.queue)?.name;
  return (
    <div className="space-y-4">
      <ChangedSinceSnapshotNote studyId={study.id} />
      <ResultsFilters studyId={study.id} filter={chosen} options={options} query={query} />
      {pairProblem && (
        <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="rater-pair-problem">
          {pairProblem.message}
        </p>
      )}
      <LiveResults key={query} studyId={study.id} query={query} initial={results} queueName={queueName} />
    </div>
  );
}
