import { DataTable, Row } from "@/components/data-table";
import type { queueDetail } from "./admin";

type Queue = NonNullable<Awaited<ReturnType<typeof queueDetail>>>;

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const num = (n: number) => <td className="p-2 text-right tabular-nums">{n}</td>;

/** What an admin needs to know about one queue: settings, progress, and how its sample was drawn. */
export function QueueOverview({ queue }: { queue: Queue }) {
  const total = queue.coverage.reduce((n, c) => n + c.answers, 0);
  return (
    <>
      <section>
        <h2 className="text-lg font-semibold">{queue.name}</h2>
        <p className="text-sm text-slate-600">
          {total} answers · {queue.ratingsPerItem} ratings each · lease {queue.leaseSeconds / 60} min · built {queue.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC
          {queue.createdBy ? ` by ${queue.createdBy.name}` : ""}
          {queue.filter ? ` · filter ${JSON.stringify(queue.filter)}` : ""}
        </p>
      </section>
      <section className="grid gap-6 md:grid-cols-2">
        <div>
          <h3 className="mb-2 font-semibold">Answers by ratings received</h3>
          <DataTable label="Answers by ratings received" columns={["Ratings", { label: "Answers", numeric: true }]}>
            {queue.coverage.map((c) => (
              <Row key={c.ratings}>
                <td className="p-2">{c.ratings === queue.ratingsPerItem ? `${c.ratings} (complete)` : c.ratings}</td>
                {num(c.answers)}
              </Row>
            ))}
          </DataTable>
        </div>
        <div>
          <h3 className="mb-2 font-semibold">Raters</h3>
          <DataTable label="Raters" columns={["Rater", { label: "Rated", numeric: true }, { label: "Skipped", numeric: true }, { label: "Holding", numeric: true }]}>
            {queue.raters.map((r) => (
              <Row key={r.email}>
                <td className="p-2">{r.name}</td>
                {num(r.submitted)}
                {num(r.skipped)}
                {num(r.holding)}
              </Row>
            ))}
          </DataTable>
        </div>
      </section>
      {queue.sample && <SamplingReport sample={queue.sample} />}
    </>
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
