import { FilterSelect } from "@/components/filter-select";
import type { ErrorDetail } from "@/lib/errors";
import { DRIFT_SLICINGS } from "@/lib/stats/drift";
import { DriftChart } from "./drift-chart";
import { DriftTable } from "./drift-table";
import { DRIFT_SLICING_LABELS, MAX_BLOCK_SIZE } from "./query";
import type { DriftPhysician, DriftResult } from "./service";

/** The physician and the slicing as a plain GET form, so a view can be shared and reloaded. */
export function DriftFilters({ studyId, physicians, rater, by, size }: { studyId: string; physicians: readonly DriftPhysician[]; rater: string | undefined; by: string; size: number | undefined }) {
  return (
    <form method="get" action={`/studies/${studyId}/quality/drift`} className="flex flex-wrap items-end gap-3" aria-label="Drift options">
      <FilterSelect label="Physician" name="rater" value={rater} options={physicians.map((p) => ({ value: p.id, label: p.email ? `${p.name} (${p.email})` : p.name }))} all="All physicians" />
      <FilterSelect label="Slicing" name="by" value={by} options={DRIFT_SLICINGS.map((value) => ({ value, label: DRIFT_SLICING_LABELS[value] }))} />
      <label className="text-sm">
        <span className="block font-medium text-slate-700">Ratings per block</span>
        <input name="size" type="number" min={1} max={MAX_BLOCK_SIZE} defaultValue={size ?? 20} className="mt-1 w-24 rounded border border-slate-300 px-2 py-1" aria-describedby="drift-size-hint" />
        <span id="drift-size-hint" className="block text-xs text-slate-600">Used with blocks of ratings only</span>
      </label>
      <button type="submit" className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700">Show</button>
    </form>
  );
}

export function DriftProblems({ problems }: { problems: readonly ErrorDetail[] }) {
  return (
    <div role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      <p>The drift cannot be shown with these parameters:</p>
      <ul className="list-disc pl-5">
        {problems.map((d, i) => (
          <li key={i}>{d.field ? `${d.field}: ${d.message}` : d.message}</li>
        ))}
      </ul>
    </div>
  );
}

/** Each chosen physician's chart and table. */
export function DriftView({ drift }: { drift: DriftResult }) {
  if (drift.series.length === 0) return <p className="text-sm text-slate-600">No physician has rated an answer of this study yet.</p>;
  return (
    <div className="space-y-8">
      {drift.series.map((series, i) => (
        <section key={series.id} aria-labelledby={`drift-${i}`} className="space-y-3">
          <h3 id={`drift-${i}`} className="text-lg font-semibold">
            {series.name} <span className="text-sm font-normal text-slate-600">· {series.ratings} ratings</span>
          </h3>
          {series.slices.length === 0 ? (
            <p className="text-sm text-slate-600">No rating in any slice.</p>
          ) : (
            <>
              <DriftChart id={`drift-chart-${i}`} name={series.name} slices={series.slices} />
              <DriftTable name={series.name} slices={series.slices} />
            </>
          )}
        </section>
      ))}
    </div>
  );
}
