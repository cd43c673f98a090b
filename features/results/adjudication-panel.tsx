import type { AdjudicationSummary, SideCounts } from "@/lib/stats/consensus";

const share = (count: number, n: number) => (n === 0 ? "" : ` (${Math.round((100 * count) / n)}%)`);

function Sides({ label, counts }: { label: string; counts: SideCounts }) {
  return (
    <tr>
      <th scope="row" className="p-1 text-left font-normal">{label}</th>
      <td className="p-1 text-right tabular-nums">{counts.n}</td>
      <td className="p-1 text-right tabular-nums">{counts.rater_a}{share(counts.rater_a, counts.n)}</td>
      <td className="p-1 text-right tabular-nums">{counts.rater_b}{share(counts.rater_b, counts.n)}</td>
      <td className="p-1 text-right tabular-nums">{counts.neither}{share(counts.neither, counts.n)}</td>
    </tr>
  );
}

/**
 * The consensus of the queued answers with their k ratings: agreed,
 * adjudicated, the adjudication backlog, and whom adjudicators sided with.
 */
export function AdjudicationPanel({ summary, studyId, queueId }: { summary: AdjudicationSummary; studyId: string; queueId: string | null }) {
  const exportHref = `/api/v1/studies/${studyId}/consensus?format=csv${queueId ? `&queue=${encodeURIComponent(queueId)}` : ""}`;
  return (
    <section aria-labelledby="adjudication-heading" className="space-y-2 rounded border border-slate-200 bg-white p-4" data-testid="adjudication">
      <h2 id="adjudication-heading" className="text-lg font-semibold">Adjudication and consensus</h2>
      <p className="text-sm text-slate-700">
        Answers whose physician ratings differ by at least the queue&rsquo;s threshold t on omission or commission harm (or, where the queue
        asks, hit against miss on a critical action) go to an adjudicator who has not rated them. Consensus: the adjudicator&rsquo;s scores
        (adjudicated), else the median of the ratings rounded half up (agreed). Queues without adjudication use t = 2 and leave disagreements
        unresolved.
      </p>
      <dl className="grid grid-cols-2 gap-1 text-sm sm:grid-cols-4">
        <div><dt>Answers with all ratings</dt><dd className="tabular-nums" data-testid="consensus-answers">{summary.answers}</dd></div>
        <div><dt>Agreed</dt><dd className="tabular-nums" data-testid="consensus-agreed">{summary.agreed}</dd></div>
        <div><dt>Adjudicated</dt><dd className="tabular-nums" data-testid="consensus-adjudicated">{summary.adjudicated}</dd></div>
        <div><dt>Awaiting adjudication (backlog)</dt><dd className="tabular-nums" data-testid="adjudication-backlog">{summary.backlog}</dd></div>
      </dl>
      {summary.unresolved_without_adjudication > 0 && (
        <p className="text-sm text-slate-700" data-testid="unresolved-without-adjudication">
          {summary.unresolved_without_adjudication} answer(s) disagree in queues without adjudication: unresolved, left out of the consensus.
        </p>
      )}
      <table className="text-sm" data-testid="sided-with">
        <caption className="text-left font-semibold">Whom adjudicators sided with (adjudicated answers whose first two ratings differ on the scale)</caption>
        <thead>
          <tr>
            <th scope="col" className="p-1 text-left">Scale</th>
            <th scope="col" className="p-1 text-right">n</th>
            <th scope="col" className="p-1 text-right">Rater A (first rating)</th>
            <th scope="col" className="p-1 text-right">Rater B (second rating)</th>
            <th scope="col" className="p-1 text-right">Neither</th>
          </tr>
        </thead>
        <tbody>
          <Sides label="Omission harm" counts={summary.sided_with.omission_harm} />
          <Sides label="Commission harm" counts={summary.sided_with.commission_harm} />
        </tbody>
      </table>
      <p className="text-sm">
        <a className="underline" href={exportHref}>Consensus per answer (CSV)</a>: provenance, consensus scores, raters A and B, the adjudicator; the other filters above do not apply.
      </p>
    </section>
  );
}
