import { DataTable, Row } from "@/components/data-table";
import { EmptyState } from "@/components/page-header";
import type { FormActionFn } from "@/lib/action-state";
import type { ShortReason } from "@/features/rating/claimable";
import type { queueDetail } from "./admin";
import { AddRaterForm, RemoveRaterButton } from "./pool-controls";

type Queue = NonNullable<Awaited<ReturnType<typeof queueDetail>>>;

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const num = (n: number) => <td className="p-2 text-right tabular-nums">{n}</td>;

const REASONS: Record<ShortReason, string> = {
  waiting: "Waiting: raters of the pool can still rate it",
  no_eligible_rater: "No eligible rater left: every rater of the pool has rated or skipped it (add a rater)",
};

/** What the admin may change on the page; absent for a researcher, who reads only. */
export interface PoolManagement {
  locked: boolean;
  candidates: { email: string; name: string }[];
  addRater: FormActionFn<{ userId: string; email: string; name: string }>;
  removeRater: FormActionFn<{ userId: string; email: string; releasedHolds: number }>;
}

/** One queue: settings, answers by ratings received, answers short of k and why, the raters and their counts, the sample. */
export function QueueOverview({ queue, manage }: { queue: Queue; manage?: PoolManagement }) {
  const { progress } = queue;
  const k = queue.ratingsPerItem;
  return (
    <>
      <section>
        <h2 className="text-lg font-semibold">{queue.name}</h2>
        <p className="text-sm text-slate-600">
          {progress.items} answers · {k} ratings each · lease {queue.leaseSeconds / 60} min · built {queue.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC
          {queue.createdBy ? ` by ${queue.createdBy.name}` : ""}
          {queue.filter ? ` · filter ${JSON.stringify(queue.filter)}` : ""}
        </p>
      </section>
      <section className="grid gap-6 md:grid-cols-2">
        <div>
          <h3 className="mb-2 font-semibold">Answers by ratings received</h3>
          <DataTable label="Answers by ratings received" columns={["Ratings", { label: "Answers", numeric: true }]}>
            {progress.coverage.map((c) => (
              <Row key={c.ratings}>
                <td className="p-2">{c.ratings === k ? `${c.ratings} (complete)` : c.ratings}</td>
                {num(c.answers)}
              </Row>
            ))}
          </DataTable>
        </div>
        <div>
          <h3 className="mb-2 font-semibold">Raters</h3>
          <DataTable
            label="Raters"
            columns={["Rater", { label: "Rated", numeric: true }, { label: "Skipped", numeric: true }, { label: "Holding", numeric: true }, { label: "Left for them", numeric: true }, ...(manage ? [""] : [])]}
          >
            {progress.raters.map((r) => (
              <Row key={r.userId}>
                <td className="p-2">
                  {r.name} <span className="text-slate-500">({r.email})</span>
                  {!r.inPool && <span className="ml-1 text-slate-500">· removed from the pool</span>}
                  {!r.active && <span className="ml-1 text-slate-500">· deactivated</span>}
                </td>
                {num(r.rated)}
                {num(r.skipped)}
                {num(r.holding)}
                {num(r.left)}
                {manage && (
                  <td className="p-2 text-right">
                    {r.inPool && !manage.locked && <RemoveRaterButton action={manage.removeRater} queueId={queue.id} rater={r} />}
                  </td>
                )}
              </Row>
            ))}
          </DataTable>
          {manage && <AddRater queueId={queue.id} manage={manage} />}
        </div>
      </section>
      <ShortOfK queue={queue} />
      {queue.sample && <SamplingReport sample={queue.sample} />}
    </>
  );
}

function AddRater({ queueId, manage }: { queueId: string; manage: PoolManagement }) {
  return (
    <div className="mt-4">
      <h3 className="mb-2 font-semibold">Add a rater to the pool</h3>
      {manage.locked ? (
        <EmptyState>The study is locked: its pools cannot change.</EmptyState>
      ) : (
        <AddRaterForm action={manage.addRater} queueId={queueId} candidates={manage.candidates} />
      )}
    </div>
  );
}

/** The answers with fewer ratings than asked, and what stands in their way. */
function ShortOfK({ queue }: { queue: Queue }) {
  const { short } = queue.progress;
  return (
    <section aria-labelledby="short-of-k">
      <h3 id="short-of-k" className="mb-2 font-semibold">Answers short of {queue.ratingsPerItem} ratings</h3>
      {short.total === 0 ? (
        <EmptyState>Every answer has the ratings asked.</EmptyState>
      ) : (
        <>
          <p className="mb-2 text-sm text-slate-700" data-testid="short-summary">
            {short.total} short: {short.waiting} waiting for raters of the pool, {short.noEligibleRater} with no eligible rater left.
            {short.truncated ? ` The first ${short.listed.length} are listed, those no one can rate first.` : ""}
          </p>
          <DataTable label="Answers short of the ratings asked" columns={["Answer", "Scenario", "Model", { label: "Ratings", numeric: true }, "Why"]}>
            {short.listed.map((item) => (
              <Row key={item.answerId} top>
                <td className="p-2 font-mono">{item.blindCode}</td>
                <td className="p-2">{item.scenario}</td>
                <td className="p-2">{item.model} #{item.repetition}</td>
                {num(item.ratings)}
                <td className="p-2">
                  <p>{REASONS[item.reason]}{item.holding > 0 ? ` · held by ${item.holding} now` : ""}</p>
                  {item.skips.map((skip) => (
                    <p key={skip.userId} className="text-slate-600">
                      Skipped by {skip.name} ({skip.email}): “{skip.reason ?? ""}”
                    </p>
                  ))}
                </td>
              </Row>
            ))}
          </DataTable>
        </>
      )}
    </section>
  );
}

function SamplingReport({ sample }: { sample: NonNullable<Queue["sample"]> }) {
  const { report } = sample;
  return (
    <section>
      <h3 className="mb-2 font-semibold">Sampling report</h3>
      <p className="mb-2 text-sm text-slate-700">
        Seed <code>{sample.seed}</code>: {report.selected} of {report.available} answers drawn ({report.requested} asked; a stratum takes one answer more rather than split a decoupling pair).
        {" "}{report.pairsKeptTogether} decoupling pairs kept together.
        {sample.oversample
          ? ` Answers ${sample.oversample.rater} scored OH ≥ 2: ${percent(report.flaggedShareAvailable)} of the candidates, ${percent(report.flaggedShareSelected)} of the sample (target ${percent(sample.oversample.share)} per stratum).`
          : ""}
      </p>
      <DataTable
        label="Sampling report"
        columns={["Model", "Category", { label: "Available", numeric: true }, { label: "Target", numeric: true }, { label: "Drawn", numeric: true }, { label: "Flagged available", numeric: true }, { label: "Flagged drawn", numeric: true }, { label: "Content-filtered drawn", numeric: true }]}
      >
        {report.strata.map((s) => (
          <Row key={`${s.model}|${s.category}`}>
            <td className="p-2">{s.model}</td>
            <td className="p-2">{s.category}</td>
            {num(s.available)}
            {num(s.target)}
            {num(s.selected)}
            {num(s.flaggedAvailable)}
            {num(s.flaggedSelected)}
            {num(s.contentFilteredSelected)}
          </Row>
        ))}
      </DataTable>
    </section>
  );
}
