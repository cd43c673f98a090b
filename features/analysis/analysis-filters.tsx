import { FilterSelect } from "@/components/filter-select";
import { ModelCheckboxes } from "@/components/model-checkboxes";
import { EARLIER_VERSION_OPTIONS } from "@/lib/answer-versions";
import { TEST_CONVENTIONS } from "@/lib/stats/conventions";
import type { AnalysisQuery } from "./service";

/** Source, comparison and filters as a plain GET form, so a view can be shared and reloaded. */
export function AnalysisFilters({ studyId, options, query, compare, reportHref }: {
  studyId: string;
  options: { sources: string[]; models: string[]; categories: string[] };
  query: AnalysisQuery;
  compare: string | undefined;
  reportHref: string;
}) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <form method="get" action={`/studies/${studyId}/analysis`} className="flex flex-wrap items-end gap-3" aria-label="Analysis options">
        <FilterSelect label="Source" name="source" value={query.source} options={options.sources} />
        <FilterSelect label="Compare with" name="compare" value={compare} options={options.sources} all="—" />
        <ModelCheckboxes models={options.models} chosen={query} />
        <FilterSelect label="Category" name="category" value={query.category} options={options.categories} all="All" />
        <FilterSelect label="Ratings of replaced texts" name="earlierVersions" value={query.earlierVersions} options={EARLIER_VERSION_OPTIONS} />
        {/* The conventions by name (what the API takes); the page spells each out beneath the figures. */}
        <FilterSelect label="Test convention" name="test" value={query.test} options={TEST_CONVENTIONS} />
        <button type="submit" className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700">Apply</button>
      </form>
      <nav aria-label="Downloads" className="flex gap-3 text-sm">
        <a className="underline" href={reportHref}>Report (Markdown)</a>
        <a className="underline" href={reportHref.replace("format=md", "format=json")}>Figures (JSON)</a>
      </nav>
    </div>
  );
}
