import { DataTable, Row } from "@/components/data-table";
import type { RatingChange } from "./my-ratings";

const minute = (at: Date) => at.toISOString().slice(0, 16).replace("T", " ");

/** The rater's own rating history: each earlier version, when they changed it and why. */
export function RatingChanges({ version, changes }: { version: number; changes: RatingChange[] }) {
  if (changes.length === 0) return <p className="text-sm text-slate-600">Version {version}: not changed since you first gave it.</p>;
  return (
    <section aria-labelledby="rating-history" className="space-y-2">
      <h2 id="rating-history" className="text-sm font-semibold text-slate-700">History (now version {version})</h2>
      <DataTable label="Rating history" columns={["Change", "When", "Reason for the change"]}>
        {changes.map((c) => (
          <Row key={c.version} top>
            <td className="p-2 whitespace-nowrap">version {c.version} → {c.version + 1}</td>
            <td className="p-2 whitespace-nowrap">{minute(c.changedAt)}</td>
            <td className="p-2">{c.changeReason ?? <em className="text-slate-500">none given</em>}</td>
          </Row>
        ))}
      </DataTable>
    </section>
  );
}
