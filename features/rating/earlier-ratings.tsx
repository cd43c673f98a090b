import { COMMISSION_HARM_LEVELS, OMISSION_HARM_LEVELS, OMISSION_MECHANISMS, RESPONSE_CLASSES } from "@/lib/instrument";
import type { EarlierRating } from "./claim";

/**
 * Reconcile-mode adjudication: the answer's earlier ratings, anonymised as
 * "Rater A", "Rater B", … in an order of this assignment's own.
 */
export function EarlierRatings({ ratings }: { ratings: EarlierRating[] }) {
  return (
    <section aria-labelledby="earlier-ratings-heading" className="rounded border border-amber-300 bg-amber-50 p-3" data-testid="earlier-ratings">
      <h2 id="earlier-ratings-heading" className="text-sm font-semibold text-slate-800">Earlier ratings of this answer (adjudication)</h2>
      <p className="text-xs text-slate-700">The raters disagreed. Their ratings are shown anonymised and in random order; give your own rating.</p>
      <ul className="mt-2 grid gap-2 sm:grid-cols-2">
        {ratings.map((r) => (
          <li key={r.label} className="rounded border border-slate-200 bg-white p-2 text-sm" data-testid="earlier-rating">
            <p className="font-semibold">{r.label}</p>
            <p>OH {r.omission_harm} ({OMISSION_HARM_LEVELS[r.omission_harm]?.label ?? "?"}) · CH {r.commission_harm} ({COMMISSION_HARM_LEVELS[r.commission_harm]?.label ?? "?"})</p>
            <p>Critical actions: {r.critical_action_results.join(", ") || "—"}</p>
            <p>
              {r.response_class ? RESPONSE_CLASSES[r.response_class].label : "—"} ·{" "}
              {r.omission_mechanism ? OMISSION_MECHANISMS[r.omission_mechanism].label : "—"}
            </p>
            {r.reasoning && <p className="mt-1 whitespace-pre-wrap text-slate-700">{r.reasoning}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
