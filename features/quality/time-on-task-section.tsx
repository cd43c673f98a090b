import { DataTable, Row } from "@/components/data-table";
import { formatFigure } from "@/lib/format";
import { timeOnTask } from "./time-on-task";

/** Per physician: ratings, cannot-assess records, median and total active minutes. */
export async function TimeOnTaskSection({ studyId }: { studyId: string }) {
  const rows = await timeOnTask(studyId);
  return (
    <section aria-labelledby="time-on-task-heading" className="space-y-2 rounded border border-slate-200 bg-white p-4" data-testid="time-on-task">
      <h2 id="time-on-task-heading" className="text-lg font-semibold">
        Time on task
      </h2>
      <p className="text-sm text-slate-600">
        Active time: from claiming an answer to the first submission, less the time the rater&rsquo;s tab was hidden. The total includes cannot-assess
        records.
      </p>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">No physician has rated through a queue yet.</p>
      ) : (
        <DataTable
          label="Time on task per physician"
          columns={[
            "Physician",
            { label: "Ratings", numeric: true },
            { label: "Cannot assess", numeric: true },
            { label: "Median active minutes per rating", numeric: true },
            { label: "Total active minutes", numeric: true },
          ]}
        >
          {rows.map((row) => (
            <Row key={row.userId}>
              <td className="p-2">{row.physician}</td>
              <td className="p-2 text-right tabular-nums">{row.ratings}</td>
              <td className="p-2 text-right tabular-nums">{row.cannotAssess}</td>
              <td className="p-2 text-right tabular-nums">{formatFigure(row.medianMinutes, 1)}</td>
              <td className="p-2 text-right tabular-nums">{formatFigure(row.totalMinutes, 1)}</td>
            </Row>
          ))}
        </DataTable>
      )}
    </section>
  );
}
