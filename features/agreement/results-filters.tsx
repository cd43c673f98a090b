import type { ResultsFilter } from "./scope";

interface Options {
  queues: { id: string; name: string }[];
  models: string[];
  categories: string[];
  framings: string[];
  raters: { id: string; name: string; kind: string }[];
}

function Select({ label, name, value, options }: { label: string; name: string; value: string | undefined; options: { value: string; label: string }[] }) {
  return (
    <label className="text-sm">
      <span className="block font-medium text-slate-700">{label}</span>
      <select name={name} defaultValue={value ?? ""} className="mt-1 rounded border border-slate-300 px-2 py-1">
        <option value="">All</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    </label>
  );
}

const plain = (values: string[]) => values.map((v) => ({ value: v, label: v }));

/** Filters as a plain GET form: the address holds the view, so it can be shared and reloaded. */
export function ResultsFilters({ studyId, filter, options, query }: { studyId: string; filter: ResultsFilter; options: Options; query: string }) {
  const suffix = query ? `&${query}` : "";
  const raterOptions = options.raters.map((r) => ({ value: r.id, label: `${r.name} (${r.kind})` }));
  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <form method="get" action={`/studies/${studyId}/results`} className="flex flex-wrap items-end gap-3" aria-label="Filters">
        <Select label="Queue" name="queue" value={filter.queue} options={options.queues.map((q) => ({ value: q.id, label: q.name }))} />
        <Select label="Model" name="model" value={filter.model} options={plain(options.models)} />
        <Select label="Category" name="category" value={filter.category} options={plain(options.categories)} />
        <Select label="Framing" name="framing" value={filter.framing} options={options.framings.map((f) => ({ value: f, label: f === "none" ? "not in a decoupling pair" : f }))} />
        <Select label="Compare rater" name="raterA" value={filter.raterA} options={raterOptions} />
        <Select label="with rater" name="raterB" value={filter.raterB} options={raterOptions} />
        <button type="submit" className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700">Apply</button>
      </form>
      <nav aria-label="Exports" className="flex gap-3 text-sm">
        <a className="underline" href={`/api/v1/studies/${studyId}/ratings?format=csv`}>Ratings CSV</a>
        <a className="underline" href={`/api/v1/studies/${studyId}/ratings?format=ndjson`}>Ratings NDJSON</a>
        <a className="underline" href={`/api/v1/studies/${studyId}/results?download=1${suffix}`}>Figures JSON</a>
      </nav>
    </div>
  );
}
