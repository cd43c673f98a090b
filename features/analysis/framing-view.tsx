import { DataTable, Row } from "@/components/data-table";
import type { ErrorDetail } from "@/lib/errors";
import { conventionLabel, fmt, interval, METHOD_LEGEND, pWithMethod } from "./report";
import type { AnalysisResult } from "./service";

const num = (text: string | number, testId?: string) => (
  <td className="whitespace-nowrap p-2 text-right tabular-nums" data-testid={testId}>{text}</td>
);

const percent = (share: number | null) => (share === null ? "—" : `${(share * 100).toFixed(1)} %`);
/** A share with its 95% interval, both in percent: "68.9 % [65.5, 72.0]". */
const percentWithInterval = (share: number | null, ci: readonly [number, number] | null | undefined) =>
  `${percent(share)} ${ci ? `[${(ci[0] * 100).toFixed(1)}, ${(ci[1] * 100).toFixed(1)}]` : ""}`.trim();

/** The pooled decoupling gap over the chosen models: one figure, shown beside the per-model table. */
export function PooledDecouplingFigure({ analysis }: { analysis: AnalysisResult }) {
  const pooled = analysis.pooled_decoupling;
  return (
    <div className="rounded border border-slate-200 bg-white p-3 text-sm" data-testid="pooled-decoupling">
      <h3 className="font-semibold">Pooled over {pooled.models.length === 1 ? "1 model" : `${pooled.models.length} models`}</h3>
      {pooled.n_pairs === 0 ? (
        <p className="text-slate-600">No pair has scored answers under both framings from every chosen model.</p>
      ) : (
        <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
          <dt>Pairs</dt>
          <dd className="tabular-nums">{pooled.n_pairs} ({pooled.n_positive} positive)</dd>
          <dt>Mean gap</dt>
          <dd className="tabular-nums" data-testid="pooled mean_gap">{fmt(pooled.mean_gap)} {interval(pooled.ci95)}</dd>
          <dt>Wilcoxon W</dt>
          <dd className="tabular-nums">{fmt(pooled.w, 1)}</dd>
          <dt>p (one-sided)</dt>
          <dd className="tabular-nums" data-testid="pooled p">{pWithMethod(pooled.p, pooled.method)}</dd>
        </dl>
      )}
      <p className="mt-1 text-xs text-slate-600">Per pair, the mean of the chosen models&rsquo; gaps; a pair counts when every chosen model has both framings scored.</p>
    </div>
  );
}

/** Hit rates by framing × colliding, the tests against the reference framing, per model, and the content-filtered share by framing. */
export function AnalysisFramingView({ analysis }: { analysis: AnalysisResult }) {
  const hits = analysis.hit_rates_by_framing;
  const cellOf = (cells: typeof hits.cells, framing: string, colliding: boolean) => cells.find((c) => c.framing === framing && c.colliding === colliding);
  const framings = [...new Set(hits.cells.map((c) => c.framing))];
  return (
    <div className="space-y-8">
      <section className="space-y-3">
        <h2 className="text-lg font-semibold">Critical-action hit rates by framing</h2>
        <p className="text-sm text-slate-600">
          Action-level values (hit 1, partial 0.5, miss 0) over {hits.models.length === 1 ? "1 model" : `${hits.models.length} models`}; each framing against the {hits.reference} framing with a two-sided Mann–Whitney U, and the difference-in-differences (framing − {hits.reference} on colliding actions, minus the same on the others) with a seeded permutation test, framing labels permuted within model. Intervals: 95 % bootstrap.
        </p>
        {hits.cells.length === 0 ? (
          <p className="text-sm text-slate-500">No framed scenario has critical-action results with known safety-colliding flags.</p>
        ) : (
          <>
            <DataTable label="Hit rate by framing" columns={["Framing", { label: "Colliding n", numeric: true }, { label: "Colliding hit rate [95% CI], %", numeric: true }, { label: "Other n", numeric: true }, { label: "Other hit rate [95% CI], %", numeric: true }]}>
              {framings.map((framing) => {
                const [col, other] = [cellOf(hits.cells, framing, true), cellOf(hits.cells, framing, false)];
                return (
                  <Row key={framing}>
                    <td className="p-2">{framing}</td>
                    {num(col?.n ?? 0)}
                    {num(percentWithInterval(col?.hit_rate ?? null, col?.ci95), `hit ${framing} colliding`)}
                    {num(other?.n ?? 0)}
                    {num(percentWithInterval(other?.hit_rate ?? null, other?.ci95), `hit ${framing} other`)}
                  </Row>
                );
              })}
            </DataTable>
            {hits.comparisons.length > 0 && (
              <DataTable label="Framing against the reference" columns={["Framing", "Actions", { label: "Hit rate", numeric: true }, { label: hits.reference, numeric: true }, { label: "U", numeric: true }, { label: "p (two-sided)", numeric: true }]}>
                {hits.comparisons.flatMap((c) =>
                  (["colliding", "other"] as const).map((kind) => (
                    <Row key={`${c.framing}-${kind}`}>
                      <td className="p-2">{c.framing}</td>
                      <td className="p-2">{kind}</td>
                      {num(percent(c[kind].hit_rate))}
                      {num(percent(c[kind].hit_rate_reference))}
                      {num(fmt(c[kind].u, 1))}
                      {num(pWithMethod(c[kind].p, c[kind].method), `mw ${c.framing} ${kind} p`)}
                    </Row>
                  )),
                )}
              </DataTable>
            )}
            {hits.comparisons.length > 0 && (
              <DataTable label="Difference-in-differences" columns={["Framing", { label: "Difference-in-differences", numeric: true }, { label: "Permutation p", numeric: true }, { label: "Permutations", numeric: true }]}>
                {hits.comparisons.map((c) => (
                  <Row key={c.framing}>
                    <td className="p-2">{c.framing} − {c.reference}</td>
                    {num(fmt(c.difference_in_differences.statistic), `did ${c.framing}`)}
                    {num(fmt(c.difference_in_differences.p, 4), `did ${c.framing} p`)}
                    {num(c.difference_in_differences.permutations)}
                  </Row>
                ))}
              </DataTable>
            )}
            <DataTable label="Hit rate by framing per model" columns={["Model", "Framing", { label: "Colliding", numeric: true }, { label: "Other", numeric: true }, { label: "p colliding", numeric: true }, { label: "p other", numeric: true }]}>
              {hits.per_model.flatMap((m) =>
                framings.map((framing) => {
                  const comparison = m.comparisons.find((c) => c.framing === framing);
                  return (
                    <Row key={`${m.model}-${framing}`}>
                      <td className="p-2">{m.model}</td>
                      <td className="p-2">{framing}</td>
                      {num(percent(cellOf(m.cells, framing, true)?.hit_rate ?? null))}
                      {num(percent(cellOf(m.cells, framing, false)?.hit_rate ?? null))}
                      {num(comparison ? pWithMethod(comparison.colliding.p, comparison.colliding.method) : "—")}
                      {num(comparison ? pWithMethod(comparison.other.p, comparison.other.method) : "—")}
                    </Row>
                  );
                }),
              )}
            </DataTable>
          </>
        )}
      </section>

      <section className="space-y-3">
        <h2 className="text-lg font-semibold">Content-filtered answers by framing</h2>
        {analysis.filtered_by_framing.length === 0 ? (
          <p className="text-sm text-slate-500">No answer to a framed scenario.</p>
        ) : (
          <DataTable label="Content-filtered share by model and framing" columns={["Model", "Framing", { label: "Answers", numeric: true }, { label: "Filtered", numeric: true }, { label: "Share [95% CI], %", numeric: true }]}>
            {analysis.filtered_by_framing.map((f) => (
              <Row key={`${f.model}-${f.framing}`}>
                <td className="p-2">{f.model}</td>
                <td className="p-2">{f.framing}</td>
                {num(f.n)}
                {num(f.n_filtered)}
                {num(percentWithInterval(f.share, f.ci95), `filtered ${f.model} ${f.framing}`)}
              </Row>
            ))}
          </DataTable>
        )}
      </section>

      {analysis.decoupling_other_framings.length > 0 && (
        <section className="space-y-3">
          <h2 className="text-lg font-semibold">Decoupling gap of the other framings (framing − physician)</h2>
          <DataTable label="Decoupling gap of the other framings" columns={["Framing", "Model", { label: "Pairs", numeric: true }, { label: "Positive gaps", numeric: true }, { label: "Mean gap", numeric: true }, { label: "95% CI", numeric: true }, { label: "p (one-sided)", numeric: true }]}>
            {analysis.decoupling_other_framings.map((d) => (
              <Row key={`${d.framing}-${d.model}`}>
                <td className="p-2">{d.framing}</td>
                <td className="p-2">{d.model}</td>
                {num(d.n_pairs)}
                {num(d.n_positive)}
                {num(fmt(d.mean_gap), `gap ${d.framing} ${d.model}`)}
                {num(interval(d.ci95))}
                {num(pWithMethod(d.p_one_sided, d.method))}
              </Row>
            ))}
          </DataTable>
        </section>
      )}

      <section className="space-y-3">
        <h2 className="text-lg font-semibold">Mean OH by category, over the chosen models</h2>
        <DataTable label="Mean OH by category" columns={["Category", { label: "n", numeric: true }, { label: "Mean OH", numeric: true }, { label: "95% CI", numeric: true }]}>
          {analysis.categories.map((c) => (
            <Row key={c.category}>
              <td className="p-2">{c.category}</td>
              {num(c.n)}
              {num(fmt(c.mean_oh), `category ${c.category} mean_oh`)}
              {num(interval(c.ci95))}
            </Row>
          ))}
        </DataTable>
      </section>

      <p className="text-xs text-slate-600" data-testid="test-convention">
        Test convention: {analysis.test} ({conventionLabel(analysis.test)}). Beside each p-value, the method used — {METHOD_LEGEND}.
      </p>
    </div>
  );
}

/** Parameters the page cannot use, each named, instead of figures computed without them. */
export function AnalysisProblems({ problems }: { problems: readonly ErrorDetail[] }) {
  return (
    <div role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      <p>The analysis cannot be shown with these parameters:</p>
      <ul className="list-disc pl-5">
        {problems.map((d, i) => (
          <li key={i}>{d.message}</li>
        ))}
      </ul>
    </div>
  );
}
