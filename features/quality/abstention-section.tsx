import { DataTable, Row } from "@/components/data-table";
import { formatFigure } from "@/lib/format";
import type { AbstentionRow } from "./abstention";
import { studyAbstention } from "./abstention";

function AbstentionTable({ label, heading, rows }: { label: string; heading: string; rows: AbstentionRow[] }) {
  return (
    <div>
      <h3 className="mb-2 font-semibold">{label}</h3>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">Nothing rated or recorded as cannot assess yet.</p>
      ) : (
        <DataTable
          label={label}
          columns={[heading, { label: "Ratings", numeric: true }, { label: "Cannot assess", numeric: true }, { label: "Abstention rate", numeric: true }]}
        >
          {rows.map((row) => (
            <Row key={row.group}>
              <td className="p-2">{row.label}</td>
              <td className="p-2 text-right tabular-nums">{row.ratings}</td>
              <td className="p-2 text-right tabular-nums">{row.cannot_assess}</td>
              <td className="p-2 text-right tabular-nums">{row.rate === null ? "—" : `${formatFigure(row.rate * 100, 1)} %`}</td>
            </Row>
          ))}
        </DataTable>
      )}
    </div>
  );
}

/** The Quality page's Abstention section: cannot-assess rates per physician, model and category. */
export async function AbstentionSection({ studyId }: { studyId: string }) {
  const abstention = await studyAbstention(studyId);
  return (
    <section aria-labelledby="abstention-heading" className="space-y-3 rounded border border-slate-200 bg-white p-4" data-testid="abstention">
      <h2 id="abstention-heading" className="text-lg font-semibold">
        Abstention
      </h2>
      <p className="text-sm text-slate-600">
        How often physicians recorded &ldquo;cannot assess&rdquo; instead of a rating: cannot assess ÷ (ratings given + cannot assess). A cannot-assess is no
        rating: agreement and the analysis leave it out, and the answer goes back to the pool for another physician.
      </p>
      <div className="grid gap-4 lg:grid-cols-3">
        <AbstentionTable label="Abstention per physician" heading="Physician" rows={abstention.physicians} />
        <AbstentionTable label="Abstention per model" heading="Model" rows={abstention.models} />
        <AbstentionTable label="Abstention per category" heading="Category" rows={abstention.categories} />
      </div>
    </section>
  );
}
