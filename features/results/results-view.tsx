"use client";

import { useEffect, useState } from "react";
import { DataTable, Row } from "@/components/data-table";
import { formatFigure } from "@/lib/format";
import type { AgreementFigures } from "@/lib/stats/summary";
import { ConfusionHeatmap } from "./confusion-heatmap";
import { OverTimeChart } from "./over-time-chart";
import type { ScaleFigures, StudyResults } from "./results";

/** How often an open page asks for fresh figures: a new rating shows within this (plus the query time). */
const POLL_MS = 3000;

const FIGURE_LABELS: [keyof AgreementFigures | "judge_miss_rate", string][] = [
  ["exact", "Exact agreement"],
  ["within1", "Within 1"],
  ["kappa", "Cohen's κ (unweighted)"],
  ["kappa_linear", "κ linear"],
  ["kappa_quadratic", "κ quadratic"],
  ["gwet_ac1", "Gwet's AC1"],
  ["alpha_ordinal", "Krippendorff's α (ordinal)"],
  ["mean_diff", "Mean difference (A − B)"],
  ["judge_miss_rate", "Judge miss rate"],
];

const fmt = formatFigure;

function FiguresTable({ figures, label }: { figures: ScaleFigures; label: string }) {
  return (
    <DataTable label={label} columns={["Figure", { label: "Value", numeric: true }, { label: "95% CI", numeric: true }]}>
      <Row>
        <td className="p-2">Pairs (n)</td>
        <td className="p-2 text-right tabular-nums" data-testid={`${label} n`}>{figures.n}</td>
        <td className="p-2" />
      </Row>
      {FIGURE_LABELS.filter(([key]) => key !== "judge_miss_rate" || "judge_miss_rate" in figures).map(([key, text]) => {
        const value = figures[key] as number | null | undefined;
        const ci = figures.ci95[key];
        return (
          <Row key={key}>
            <td className="p-2">{text}</td>
            <td className="p-2 text-right tabular-nums" data-testid={`${label} ${key}`}>{fmt(value)}</td>
            <td className="p-2 text-right tabular-nums text-slate-600">{ci ? `${fmt(ci[0])} – ${fmt(ci[1])}` : ""}</td>
          </Row>
        );
      })}
    </DataTable>
  );
}

function ScaleSection({ title, figures, overTime, rowsLabel = "first rating", columnsLabel = "second" }: {
  title: string;
  figures: ScaleFigures;
  overTime?: StudyResults["pooled"]["omission_harm"]["over_time"];
  rowsLabel?: string;
  columnsLabel?: string;
}) {
  return (
    <section className="space-y-3 rounded border border-slate-200 bg-white p-4">
      <h3 className="font-semibold">{title}</h3>
      <div className="grid gap-4 lg:grid-cols-2">
        <FiguresTable figures={figures} label={`${title} agreement`} />
        <div className="space-y-4">
          <ConfusionHeatmap matrix={figures.confusion} label={`${title} confusion matrix`} rowsLabel={rowsLabel} columnsLabel={columnsLabel} />
          {overTime && <OverTimeChart points={overTime} label={`${title} agreement over time`} />}
        </div>
      </div>
    </section>
  );
}

function CompactRow({ name, oh, ch, extra }: { name: string; oh: ScaleFigures; ch: AgreementFigures; extra?: boolean }) {
  return (
    <Row>
      <td className="p-2">{name}</td>
      <td className="p-2 text-right tabular-nums">{oh.n}</td>
      <td className="p-2 text-right tabular-nums">{fmt(oh.exact)}</td>
      <td className="p-2 text-right tabular-nums">{fmt(oh.within1)}</td>
      <td className="p-2 text-right tabular-nums">{fmt(oh.kappa_quadratic)}</td>
      {extra && <td className="p-2 text-right tabular-nums">{fmt(oh.judge_miss_rate)}</td>}
      <td className="p-2 text-right tabular-nums">{fmt(ch.within1)}</td>
      <td className="p-2 text-right tabular-nums">{fmt(ch.kappa_quadratic)}</td>
    </Row>
  );
}

const compactColumns = (first: string, missRate: boolean) => [
  first,
  { label: "n", numeric: true },
  { label: "OH exact", numeric: true },
  { label: "OH within 1", numeric: true },
  { label: "OH κ quad", numeric: true },
  ...(missRate ? [{ label: "Judge miss rate", numeric: true }] : []),
  { label: "CH within 1", numeric: true },
  { label: "CH κ quad", numeric: true },
];

/** The results of one study (or queue) under the chosen filters, refreshed from the server every few seconds. */
export function LiveResults({ studyId, query, initial }: { studyId: string; query: string; initial: StudyResults }) {
  const [results, setResults] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);

  // The next request is scheduled only once the last has answered, so a slow
  // study never piles requests up; a hidden tab asks nothing until shown.
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      if (document.visibilityState === "visible") {
        try {
          const response = await fetch(`/api/v1/studies/${studyId}/results?${query}`, { cache: "no-store" });
          if (!response.ok) throw new Error(`The server answered ${response.status}.`);
          const fresh = (await response.json()) as StudyResults;
          if (!cancelled) {
            setResults(fresh);
            setProblem(null);
          }
        } catch (error) {
          if (!cancelled) setProblem(`Live updates paused: ${error instanceof Error ? error.message : "network error"} Retrying.`);
        }
      }
      if (!cancelled) timer = setTimeout(() => void poll(), POLL_MS);
    };
    timer = setTimeout(() => void poll(), POLL_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [studyId, query]);

  const { progress, pooled } = results;
  return (
    <div className="space-y-6">
      <p className="text-xs text-slate-500" aria-live="polite">
        Live: figures as of <span data-testid="generated-at">{new Date(results.generated_at).toLocaleTimeString()}</span>, refreshed {POLL_MS / 1000} s after each update.
        {problem && <span className="ml-2 text-amber-700">{problem}</span>}
      </p>
      <section className="grid gap-4 md:grid-cols-2">
        <div className="rounded border border-slate-200 bg-white p-4">
          <h3 className="mb-2 font-semibold">Progress</h3>
          <dl className="grid grid-cols-2 gap-1 text-sm" data-testid="progress">
            <dt>Answers</dt><dd className="text-right tabular-nums" data-testid="answers-in-scope">{progress.answers}</dd>
            <dt>with no physician rating</dt><dd className="text-right tabular-nums">{progress.by_ratings.none}</dd>
            <dt>with 1 rating</dt><dd className="text-right tabular-nums" data-testid="single-rated">{progress.by_ratings.one}</dd>
            <dt>with 2 or more</dt><dd className="text-right tabular-nums" data-testid="double-rated">{progress.by_ratings.two_or_more}</dd>
            <dt>Median time per rating</dt><dd className="text-right tabular-nums">{progress.median_seconds === null ? "—" : `${Math.round(progress.median_seconds)} s`}</dd>
          </dl>
        </div>
        <div>
          <h3 className="mb-2 font-semibold">Ratings per physician</h3>
          {progress.physicians.length === 0 ? (
            <p className="text-sm text-slate-500">No physician has rated yet.</p>
          ) : (
            <DataTable label="Ratings per physician" columns={["Physician", { label: "Ratings", numeric: true }, { label: "Median time", numeric: true }]}>
              {progress.physicians.map((p) => (
                <Row key={p.name}>
                  <td className="p-2">{p.name}</td>
                  <td className="p-2 text-right tabular-nums">{p.ratings}</td>
                  <td className="p-2 text-right tabular-nums">{p.median_seconds === null ? "—" : `${Math.round(p.median_seconds)} s`}</td>
                </Row>
              ))}
            </DataTable>
          )}
        </div>
      </section>

      {results.named_pair && (
        <>
          <h2 className="text-lg font-semibold" data-testid="named-pair">
            {results.named_pair.a} (A) versus {results.named_pair.b} (B), on the answers both rated
          </h2>
          <ScaleSection title={`Omission harm, ${results.named_pair.a} vs ${results.named_pair.b}`} figures={results.named_pair.omission_harm} rowsLabel="A" columnsLabel="B" />
          <ScaleSection title={`Commission harm, ${results.named_pair.a} vs ${results.named_pair.b}`} figures={results.named_pair.commission_harm} rowsLabel="A" columnsLabel="B" />
        </>
      )}

      <h2 className="text-lg font-semibold">Physicians pooled (first vs second rating of each answer)</h2>
      <ScaleSection title="Omission harm" figures={pooled.omission_harm} overTime={pooled.omission_harm.over_time} />
      <ScaleSection title="Commission harm" figures={pooled.commission_harm} overTime={pooled.commission_harm.over_time} />

      <section className="grid gap-6 lg:grid-cols-2">
        <div>
          <h3 className="mb-2 font-semibold">Each pair of physicians</h3>
          {results.physician_pairs.length === 0 ? (
            <p className="text-sm text-slate-500">No answer rated by two physicians yet.</p>
          ) : (
            <DataTable label="Physician pairs" columns={compactColumns("Pair", false)}>
              {results.physician_pairs.map((p) => <CompactRow key={`${p.a}|${p.b}`} name={`${p.a} × ${p.b}`} oh={p.omission_harm} ch={p.commission_harm} />)}
            </DataTable>
          )}
        </div>
        <div>
          <h3 className="mb-2 font-semibold">Physicians versus each machine rater</h3>
          {results.machines.length === 0 ? (
            <p className="text-sm text-slate-500">No machine rater has scored an answer a physician rated.</p>
          ) : (
            <DataTable label="Physicians versus machines" columns={compactColumns("Machine rater", true)}>
              {results.machines.map((m) => <CompactRow key={m.rater} name={m.rater} oh={m.omission_harm} ch={m.commission_harm} extra />)}
            </DataTable>
          )}
          <p className="mt-1 text-xs text-slate-500">Judge miss rate: of the pairs where the physician gave OH ≥ 1, the share where the machine gave OH 0.</p>
        </div>
      </section>

      <section className="rounded border border-slate-200 bg-white p-4">
        <h3 className="mb-2 font-semibold">Critical actions (hit / partial / miss, pooled over actions)</h3>
        <p className="text-sm" data-testid="critical-actions">
          {results.critical_actions.n} action pairs · exact {fmt(results.critical_actions.exact)} · κ {fmt(results.critical_actions.kappa)} · κ linear {fmt(results.critical_actions.kappa_linear)} · AC1 {fmt(results.critical_actions.gwet_ac1)}
        </p>
      </section>
    </div>
  );
}
