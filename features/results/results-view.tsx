"use client";

import { useEffect, useState, type ReactNode } from "react";
import { DataTable, Row } from "@/components/data-table";
import { formatFigure } from "@/lib/format";
import type { AgreementFigures } from "@/lib/stats/summary";
import { ConfusionHeatmap } from "./confusion-heatmap";
import { glossaryHref, type GlossaryId } from "./glossary";
import { OverTimeChart } from "./over-time-chart";
import { MIN_PAIRS_FOR_INTERVAL, tooFewPairs, whyNoInterval, whyUndefined } from "./precision";
import type { AnswerCounts, ScaleFigures, StudyResults } from "./results";
import { AdjudicationPanel } from "./adjudication-panel";

/** How often an open page asks for fresh figures: a new rating shows within this (plus the query time). */
const POLL_MS = 3000;

const FIGURE_LABELS: [keyof AgreementFigures & GlossaryId, string][] = [
  ["exact", "Exact agreement"],
  ["within1", "Within 1"],
  ["kappa", "Cohen's κ (unweighted)"],
  ["kappa_linear", "κ linear"],
  ["kappa_quadratic", "κ quadratic"],
  ["gwet_ac1", "Gwet's AC1"],
  ["alpha_ordinal", "Krippendorff's α (ordinal)"],
  ["mean_diff", "Mean difference (A − B)"],
];

const fmt = formatFigure;

/** A figure's name, linked to its glossary entry. */
function Term({ id, children }: { id: GlossaryId; children: ReactNode }) {
  return <a href={glossaryHref(id)} className="underline decoration-slate-400 underline-offset-2 hover:decoration-slate-900">{children}</a>;
}

/** A figure's value; an undefined one is "—" with the reason beside it. */
function Figure({ figure, value, n, testId }: { figure: string; value: number | null | undefined; n: number; testId?: string }) {
  const why = whyUndefined(figure, value, n);
  return (
    <>
      <span data-testid={testId}>{fmt(value)}</span>
      {why && <span className="ml-1 text-xs text-slate-600" data-testid={testId && `${testId} why`}>({why})</span>}
    </>
  );
}

function FiguresTable({ figures, label }: { figures: ScaleFigures; label: string }) {
  const rows: [string, ReactNode, number | null | undefined][] = FIGURE_LABELS.map(([key, text]) => [key, <Term key={key} id={key}>{text}</Term>, figures[key] as number | null]);
  if ("judge_miss_rate" in figures) rows.push(["judge_miss_rate", <Term key="judge_miss_rate" id="judge_miss_rate">Judge miss rate ({figures.judge} as judge)</Term>, figures.judge_miss_rate]);
  return (
    <DataTable label={label} columns={["Figure", { label: "Value", numeric: true }, { label: "95% interval", numeric: true }]}>
      <Row>
        <td className="p-2"><Term id="n">Pairs (n)</Term></td>
        <td className="p-2 text-right tabular-nums"><span data-testid={`${label} n`}>{figures.n}</span></td>
        <td className="p-2 text-right text-xs text-slate-600" data-testid={`${label} n note`}>
          {tooFewPairs(figures.n) ? `too few pairs: no intervals below ${MIN_PAIRS_FOR_INTERVAL}` : ""}
        </td>
      </Row>
      {rows.map(([key, text, value]) => {
        const ci = figures.ci95[key];
        const noInterval = whyNoInterval(figures, key, value);
        return (
          <Row key={key}>
            <td className="p-2">{text}</td>
            <td className="p-2 text-right tabular-nums"><Figure figure={key} value={value} n={figures.n} testId={`${label} ${key}`} /></td>
            <td className="p-2 text-right tabular-nums text-slate-600" data-testid={`${label} ${key} ci`}>
              {ci ? `${fmt(ci[0])} – ${fmt(ci[1])}` : noInterval && <span className="text-xs">{noInterval}</span>}
            </td>
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
      <TermsOf ids={[["ci95", "95% interval"], ["confusion", "confusion matrix"], ...(overTime ? [["kappa_over_time", "κ over time and its band"] as [GlossaryId, string]] : [])]} />
    </section>
  );
}

function CompactRow({ name, oh, ch, missRate }: { name: string; oh: ScaleFigures; ch: AgreementFigures; missRate?: boolean }) {
  const cell = (figure: string, value: number | null | undefined, n: number) => <td className="p-2 text-right tabular-nums"><Figure figure={figure} value={value} n={n} /></td>;
  return (
    <Row>
      <td className="p-2">{name}</td>
      <td className="p-2 text-right tabular-nums">
        {oh.n}
        {tooFewPairs(oh.n) && <span className="ml-1 text-xs text-slate-600">(too few pairs)</span>}
      </td>
      {cell("exact", oh.exact, oh.n)}
      {cell("within1", oh.within1, oh.n)}
      {cell("kappa_quadratic", oh.kappa_quadratic, oh.n)}
      {missRate && cell("judge_miss_rate", oh.judge_miss_rate, oh.n)}
      {cell("within1", ch.within1, ch.n)}
      {cell("kappa_quadratic", ch.kappa_quadratic, ch.n)}
    </Row>
  );
}

const compactColumns = (first: string, missRate: boolean) => [
  first,
  { label: "OH n", numeric: true },
  { label: "OH exact", numeric: true },
  { label: "OH within 1", numeric: true },
  { label: "OH κ quad", numeric: true },
  ...(missRate ? [{ label: "Judge miss rate (machine as judge)", numeric: true }] : []),
  { label: "CH within 1", numeric: true },
  { label: "CH κ quad", numeric: true },
];

/** Links to the glossary entries of a table whose column headers are plain text. */
function TermsOf({ ids }: { ids: [GlossaryId, string][] }) {
  return (
    <p className="mt-1 text-xs text-slate-600">
      What these figures mean:{" "}
      {ids.map(([id, text], i) => (
        <span key={id}>{i > 0 && " · "}<Term id={id}>{text}</Term></span>
      ))}
    </p>
  );
}

const COMPACT_TERMS: [GlossaryId, string][] = [["n", "n"], ["exact", "exact"], ["within1", "within 1"], ["kappa_quadratic", "κ quadratic"]];

/** Answers by physician ratings: how many, and how many have none, one, two or more. */
function Counts({ counts, testIds }: { counts: AnswerCounts; testIds: { answers: string; none: string; one: string; two: string } }) {
  return (
    <dl className="grid grid-cols-2 gap-1 text-sm">
      <dt>Answers</dt><dd className="text-right tabular-nums" data-testid={testIds.answers}>{counts.answers}</dd>
      <dt>with no physician rating</dt><dd className="text-right tabular-nums" data-testid={testIds.none}>{counts.by_ratings.none}</dd>
      <dt>with 1 rating</dt><dd className="text-right tabular-nums" data-testid={testIds.one}>{counts.by_ratings.one}</dd>
      <dt>with 2 or more</dt><dd className="text-right tabular-nums" data-testid={testIds.two}>{counts.by_ratings.two_or_more}</dd>
    </dl>
  );
}

/** The results of one study (or queue) under the chosen filters, refreshed from the server every few seconds. */
export function LiveResults({ studyId, query, initial, initialTag, queueName }: {
  studyId: string;
  query: string;
  initial: StudyResults;
  /** The ETag `initial` was computed under (the study's change counter and the filter), if known. */
  initialTag?: string | null | undefined;
  queueName?: string | undefined;
}) {
  const [results, setResults] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  // When the server last confirmed the figures shown are current (a 304), if after they were made.
  const [confirmedAt, setConfirmedAt] = useState<string | null>(null);

  // The next request is scheduled only once the last has answered, so a slow
  // study never piles requests up; a hidden tab asks nothing until shown.
  // Each request sends the tag of the figures shown: "304 Not Modified" means
  // nothing they cover has changed, and the page keeps them.
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let tag = initialTag ?? null;
    const poll = async () => {
      if (document.visibilityState === "visible") {
        try {
          const response = await fetch(`/api/v1/studies/${studyId}/results?${query}`, { cache: "no-store", headers: tag ? { "if-none-match": tag } : {} });
          if (response.status === 304) {
            if (!cancelled) {
              setConfirmedAt(new Date().toISOString());
              setProblem(null);
            }
          } else {
            if (!response.ok) throw new Error(`The server answered ${response.status}.`);
            const fresh = (await response.json()) as StudyResults;
            tag = response.headers.get("etag");
            if (!cancelled) {
              setResults(fresh);
              setConfirmedAt(null);
              setProblem(null);
            }
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
  }, [studyId, query, initialTag]);

  const { progress, pooled, critical_actions: ca } = results;
  return (
    <div className="space-y-6">
      <p className="text-xs text-slate-500" aria-live="polite">
        Live: figures as of <span data-testid="generated-at">{new Date(confirmedAt ?? results.generated_at).toLocaleTimeString()}</span>, refreshed {POLL_MS / 1000} s after each update.
        {problem && <span className="ml-2 text-amber-800">{problem}</span>}
      </p>
      <p className="text-sm text-slate-700">
        A figure from fewer than {MIN_PAIRS_FOR_INTERVAL} pairs is marked &ldquo;too few pairs&rdquo; and has no 95% interval; a &ldquo;—&rdquo; says why the figure is undefined.
        Every figure&rsquo;s name links to its entry in the <a className="underline" href="/glossary">glossary</a>.
      </p>
      <section className="grid gap-4 md:grid-cols-2">
        <div className="space-y-3 rounded border border-slate-200 bg-white p-4">
          <div data-testid="progress">
            <h3 className="font-semibold">Progress of {queueName ? `the queue ${queueName}` : "the study's queues"}</h3>
            <p className="mb-2 text-xs text-slate-600">
              {queueName ? "The answers in this queue" : "The answers in any queue of the study"} (under the filters), by their physician ratings.
            </p>
            <Counts counts={progress.queued} testIds={{ answers: "queued-answers", none: "queued-unrated", one: "single-rated", two: "double-rated" }} />
          </div>
          {!queueName && (
            <div data-testid="study-progress">
              <h3 className="font-semibold">The whole study</h3>
              <p className="mb-2 text-xs text-slate-600">Every answer of the study (under the filters), in a queue or not.</p>
              <Counts counts={progress} testIds={{ answers: "answers-in-scope", none: "study-unrated", one: "study-single-rated", two: "study-double-rated" }} />
            </div>
          )}
          <dl className="grid grid-cols-2 gap-1 text-sm">
            <dt>Median time per rating</dt><dd className="text-right tabular-nums">{progress.median_seconds === null ? "— (no rating given through a queue)" : `${Math.round(progress.median_seconds)} s`}</dd>
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
                  <td className="p-2 text-right tabular-nums">{p.median_seconds === null ? "— (not through a queue)" : `${Math.round(p.median_seconds)} s`}</td>
                </Row>
              ))}
            </DataTable>
          )}
        </div>
      </section>

      <AdjudicationPanel summary={results.adjudication} studyId={studyId} queueId={results.scope.queueId} />

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
          <TermsOf ids={COMPACT_TERMS} />
        </div>
        <div>
          <h3 className="mb-2 font-semibold">Physicians versus each machine rater</h3>
          {results.machines.length === 0 ? (
            <p className="text-sm text-slate-500">No machine rater has scored an answer a physician rated.</p>
          ) : (
            <DataTable label="Physicians versus machines" columns={compactColumns("Machine rater", true)}>
              {results.machines.map((m) => <CompactRow key={m.rater} name={m.rater} oh={m.omission_harm} ch={m.commission_harm} missRate />)}
            </DataTable>
          )}
          <p className="mt-1 text-xs text-slate-600">Judge miss rate: of the pairs where the physician gave OH ≥ 1, the share where the machine (the judge) gave OH 0.</p>
          <TermsOf ids={[...COMPACT_TERMS, ["judge_miss_rate", "judge miss rate"]]} />
        </div>
      </section>

      <section className="rounded border border-slate-200 bg-white p-4">
        <h3 className="mb-2 font-semibold">Critical actions (hit / partial / miss, pooled over actions)</h3>
        <p className="text-sm" data-testid="critical-actions">
          {ca.n} action pairs{tooFewPairs(ca.n) && " (too few pairs)"} · <Term id="exact">exact</Term> <Figure figure="exact" value={ca.exact} n={ca.n} /> · <Term id="kappa">κ</Term> <Figure figure="kappa" value={ca.kappa} n={ca.n} /> · <Term id="kappa_linear">κ linear</Term>{" "}
          <Figure figure="kappa_linear" value={ca.kappa_linear} n={ca.n} /> · <Term id="gwet_ac1">AC1</Term> <Figure figure="gwet_ac1" value={ca.gwet_ac1} n={ca.n} />
        </p>
      </section>
    </div>
  );
}
