import { FilterSelect } from "@/components/filter-select";
import { ModelCheckboxes } from "@/components/model-checkboxes";
import { RatingsExportLink } from "@/components/ratings-export-link";
import { EARLIER_VERSION_OPTIONS } from "@/lib/answer-versions";
import type { ResultsFilter } from "./scope";

interface Options {
  queues: { id: string; name: string }[];
  models: string[];
  categories: string[];
  framings: string[];
  raters: { id: string; name: string; kind: string }[];
}

/**
 * Filters as a plain GET form: the address holds the view, so it can be shared
 * and reloaded. The form shows what was chosen; the export links carry what
 * the figures cover (`filter`, `query`), so a refused rater pair is left out of
 * both alike.
 */
export function ResultsFilters({ studyId, chosen, filter, options, query }: { studyId: string; chosen: ResultsFilter; filter: ResultsFilter; options: Options; query: string }) {
  const suffix = query ? `&${query}` : "";
  const raterOptions = options.raters.map((r) => ({ value: r.id, label: `${r.name} (${r.kind})` }));
  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <form method="get" action={`/studies/${studyId}/results`} className="flex flex-wrap items-end gap-3" aria-label="Filters">
        <FilterSelect label="Queue" name="queue" value={chosen.queue} all="All" options={options.queues.map((q) => ({ value: q.id, label: q.name }))} />
        <ModelCheckboxes models={options.models} chosen={chosen} />
        <FilterSelect label="Category" name="category" value={chosen.category} all="All" options={options.categories} />
        <FilterSelect label="Framing" name="framing" value={chosen.framing} all="All" options={options.framings.map((f) => ({ value: f, label: f === "none" ? "not in a decoupling pair" : f }))} />
        <FilterSelect label="Compare rater" name="raterA" value={chosen.raterA} all="All" options={raterOptions} />
        <FilterSelect label="with rater" name="raterB" value={chosen.raterB} all="All" options={raterOptions} />
        <FilterSelect label="Ratings of replaced texts" name="earlierVersions" value={chosen.earlierVersions} options={EARLIER_VERSION_OPTIONS} />
        <button type="submit" className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700">Apply</button>
      </form>
      <nav aria-label="Exports" className="flex gap-3 text-sm">
        <RatingsExportLink studyId={studyId} format="csv" filter={filter} queues={options.queues} raters={options.raters} />
        <RatingsExportLink studyId={studyId} format="ndjson" filter={filter} queues={options.queues} raters={options.raters} />
        <a className="underline" href={`/api/v1/studies/${studyId}/results?download=1${suffix}`}>Figures JSON</a>
      </nav>
    </div>
  );
}
