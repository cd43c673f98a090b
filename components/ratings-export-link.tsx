import type { ResultsFilterFields } from "@/lib/results-filter";

/**
 * A download of the study's ratings that carries the page's filter (the
 * ratings export takes the Results page's own query parameters), and says
 * which filter applies in its text. Ratings of replaced texts are left out
 * unless the page includes them, as the page's figures do. `filter` is the
 * one the figures use: a rater pair the page refuses is not in it, and the
 * export refuses one rater alone as /results does.
 */
export function RatingsExportLink({ studyId, format, filter, queues, raters }: {
  studyId: string;
  format: "csv" | "ndjson";
  filter: ResultsFilterFields;
  queues: readonly { id: string; name: string }[];
  raters: readonly { id: string; name: string }[];
}) {
  const query = new URLSearchParams({ format });
  for (const key of ["queue", "model", "category", "framing", "raterA", "raterB"] as const) {
    const value = filter[key];
    if (value !== undefined) query.set(key, value);
  }
  for (const key of ["models", "excludeModels"] as const) {
    const list = filter[key];
    if (list !== undefined) query.set(key, list.join(","));
  }
  query.set("earlierVersions", filter.earlierVersions ?? "exclude");
  const raterName = (id: string | undefined) => (id === undefined ? undefined : (raters.find((r) => r.id === id)?.name ?? id));
  const named = [raterName(filter.raterA), raterName(filter.raterB)].filter((n) => n !== undefined);
  const parts = [
    filter.queue === undefined ? null : `queue: ${queues.find((q) => q.id === filter.queue)?.name ?? filter.queue}`,
    filter.model === undefined ? null : `model: ${filter.model}`,
    filter.models === undefined ? null : `models: ${filter.models.join(", ")}`,
    filter.excludeModels === undefined ? null : `without models: ${filter.excludeModels.join(", ")}`,
    filter.category === undefined ? null : `category: ${filter.category}`,
    filter.framing === undefined ? null : `framing: ${filter.framing}`,
    named.length === 0 ? null : `raters: ${named.join(" & ")}`,
    filter.earlierVersions === "include" ? "with replaced texts" : null,
  ].filter((p) => p !== null);
  return (
    <a className="underline" href={`/api/v1/studies/${studyId}/ratings?${query.toString()}`} download>
      Ratings {format === "csv" ? "CSV" : "NDJSON"}
      {parts.length > 0 && ` (${parts.join("; ")})`}
    </a>
  );
}
