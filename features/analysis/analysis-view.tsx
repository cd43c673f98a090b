import type { ReactNode } from "react";
import { DataTable, Row } from "@/components/data-table";
import { DistributionChart } from "./distribution-chart";
import { Heatmap } from "./heatmap";
import { PooledDecouplingFigure } from "./framing-view";
import { fmt, interval, pValue, pWithMethod } from "./report";
import type { AnalysisResult } from "./service";

const num = (text: string | number, testId?: string) => (
  <td className="p-2 text-right tabular-nums" data-testid={testId}>{text}</td>
);

const sourceLabel = (source: string) => (source === "physicians" ? "Physicians (mean per answer)" : source);

/** A figure as shown, or "—" with the reason it is undefined. */
const orWhy = (shown: string, why: string) => (shown === "—" ? `— (${why})` : shown);

/** Glossary entries (on /glossary, kept with the results feature) of the figures this page shows. */
const glossary = (id: "acuity_weighted_oh" | "decoupling_gap", text: string) => (
  <a href={`/glossary#${id}`} className="underline decoration-slate-400 underline-offset-2 hover:decoration-slate-900">{text}</a>
);

/** One source's table, headed by the source's name, so that two side by side are told apart. */
function Labelled({ source, children }: { source: string; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <h3 className="text-sm font-semibold">{sourceLabel(source)}</h3>
      {children}
    </div>
  );
}

export function ModelTable({ analysis }: { analysis: AnalysisResult }) {
  return (
    <DataTable
      label={`Harm per model: ${analysis.source}`}
      columns={["Model", { label: "n", numeric: true }, { label: "Mean OH", numeric: true }, { label: "Mean OH 95% CI", numeric: true }, { label: "Median OH [IQR]", numeric: true }, { label: "OH ≥ 2", numeric: true }, { label: "Mean CH", numeric: true }, { label: "Acuity-weighted OH", numeric: true }, { label: "Content-filtered", numeric: true }]}
    >
      {analysis.models.map((m) => (
        <Row key={m.model}>
          <td className="p-2">{m.model}</td>
          {num(m.n)}
          {num(fmt(m.mean_oh), `${analysis.source} ${m.model} mean_oh`)}
          <td className="whitespace-nowrap p-2 text-right tabular-nums">{interval(m.ci95.mean_oh)}</td>
          <td className="whitespace-nowrap p-2 text-right tabular-nums">{`${fmt(m.median_oh, 2)} [${fmt(m.q1_oh, 2)}, ${fmt(m.q3_oh, 2)}]`}</td>
          {num(fmt(m.share_oh_ge_2))}
          {num(fmt(m.mean_ch))}
          {num(fmt(m.weighted_mean_oh))}
          {num(fmt(m.share_content_filtered))}
        </Row>
      ))}
    </DataTable>
  );
}

export function DecouplingTable({ analysis }: { analysis: AnalysisResult }) {
  return (
    <DataTable
      label={`Decoupling gap: ${analysis.source}`}
      columns={["Model", { label: "Pairs", numeric: true }, { label: "Positive gaps", numeric: true }, { label: "Mean gap", numeric: true }, { label: "Mean gap 95% CI", numeric: true }, { label: "p (one-sided)", numeric: true }, { label: "p (Holm)", numeric: true }]}
    >
      {analysis.decoupling.map((d) => (
        <Row key={d.model}>
          <td className="p-2">{d.model}</td>
          {num(d.n_pairs)}
          {num(d.n_positive)}
          {num(fmt(d.mean_gap), `${analysis.source} ${d.model} mean_gap`)}
          <td className="whitespace-nowrap p-2 text-right tabular-nums">{interval(d.ci95)}</td>
          {num(pWithMethod(d.p_one_sided, d.method), `${analysis.source} ${d.model} p_one_sided`)}
          {num(pValue(d.p_holm))}
        </Row>
      ))}
    </DataTable>
  );
}

/** The whole analysis of one source; `compared` adds a second source's model and decoupling tables beside it. */
export function AnalysisView({ analysis, compared }: { analysis: AnalysisResult; compared: AnalysisResult | null }) {
  const models = analysis.models.map((m) => m.model);
  const pairs = [...new Set(analysis.decoupling.flatMap((d) => d.pairs.map((p) => p.pair_id)))].sort();
  const gaps = new Map(analysis.decoupling.flatMap((d) => d.pairs.map((p) => [`${p.pair_id}|${d.model}`, p.gap] as const)));
  const categories = [...new Set(analysis.category_model.map((c) => c.category))];
  const categoryMeans = new Map(analysis.category_model.map((c) => [`${c.category}|${c.model}`, c.mean_oh]));
  const ca = analysis.critical_actions;
  const side = compared ? "grid gap-6 xl:grid-cols-2" : "";
  return (
    <div className="space-y-8">
      <section className="space-y-3">
        <h2 className="text-lg font-semibold">Harm per model</h2>
        <div className={side}>
          <Labelled source={analysis.source}><ModelTable analysis={analysis} /></Labelled>
          {compared && <Labelled source={compared.source}><ModelTable analysis={compared} /></Labelled>}
        </div>
        <p className="text-xs text-slate-600">What these figures mean: {glossary("acuity_weighted_oh", "acuity-weighted OH")} (mean of OH × the scenario&rsquo;s acuity weight).</p>
        {analysis.models.length > 0 && <DistributionChart models={analysis.models} />}
      </section>

      <section className="space-y-3">
        <h2 className="text-lg font-semibold">Decoupling gap (layperson − physician framing)</h2>
        <p className="text-sm text-slate-600">
          Positive: the physician was told more. One-sided Wilcoxon signed-rank test over pairs, Holm–Bonferroni across models. See {glossary("decoupling_gap", "decoupling gap")}.
        </p>
        {analysis.decoupling.length === 0 ? (
          <p className="text-sm text-slate-500">No decoupling pair has scored answers under both framings.</p>
        ) : (
          <>
            <div className={side}>
              <Labelled source={analysis.source}><DecouplingTable analysis={analysis} /></Labelled>
              {compared && <Labelled source={compared.source}><DecouplingTable analysis={compared} /></Labelled>}
            </div>
            <PooledDecouplingFigure analysis={analysis} />
            <Heatmap label="Decoupling gap per pair and model" corner="Pair ↓ · model →" rows={pairs} columns={models} value={(pair, model) => gaps.get(`${pair}|${model}`)} max={2} diverging />
          </>
        )}
      </section>

      <section className="space-y-3">
        <h2 className="text-lg font-semibold">Critical actions</h2>
        <p className="text-sm" data-testid="critical-action-summary">
          Hit rate {orWhy(fmt(ca.hit_rate), "no critical-action result from this source")} (hit 1, partial 0.5, miss 0) · safety-colliding{" "}
          {orWhy(fmt(ca.colliding_hit_rate), "no result on a safety-colliding action")} · non-colliding {orWhy(fmt(ca.noncolliding_hit_rate), "no result on a non-colliding action")} ·
          {" "}{ca.n_scenarios} scenarios with both kinds: mean difference {orWhy(fmt(ca.mean_difference), "no such scenario")}, one-sided Wilcoxon p{" "}
          {ca.p_one_sided === null ? orWhy("—", ca.n_scenarios === 0 ? "no such scenario" : "every difference is 0") : pWithMethod(ca.p_one_sided, ca.method)}
        </p>
        <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
          <DataTable label="Hit rate per scenario" columns={["Scenario", { label: "Hit rate", numeric: true }, { label: "Colliding", numeric: true }, { label: "Non-colliding", numeric: true }, { label: "Difference", numeric: true }]}>
            {ca.per_scenario.map((s) => (
              <Row key={s.scenario}>
                <td className="p-2">{s.scenario}</td>
                {num(fmt(s.hit_rate))}
                {num(fmt(s.colliding))}
                {num(fmt(s.noncolliding))}
                {num(fmt(s.difference))}
              </Row>
            ))}
          </DataTable>
          <DataTable label="Hit rate per model" columns={["Model", { label: "Hit rate", numeric: true }]}>
            {ca.per_model.map((m) => (
              <Row key={m.model}>
                <td className="p-2">{m.model}</td>
                {num(fmt(m.hit_rate))}
              </Row>
            ))}
          </DataTable>
        </div>
      </section>

      <section className="space-y-3">
        <h2 className="text-lg font-semibold">Mean OH by category and model</h2>
        <Heatmap label="Mean OH by category and model" corner="Category ↓ · model →" rows={categories} columns={models} value={(category, model) => categoryMeans.get(`${category}|${model}`)} max={4} />
      </section>
    </div>
  );
}
