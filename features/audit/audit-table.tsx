import { DataTable, Row } from "@/components/data-table";
import { describeData } from "./describe";
import type { AuditEntryView } from "./service";

const when = (at: Date) => at.toISOString().slice(0, 19).replace("T", " ");

/** Audit entries, newest first: when, who, what, on what, and the details (changes as before → after). */
export function AuditTable({ entries }: { entries: AuditEntryView[] }) {
  return (
    <DataTable columns={["When (UTC)", "Who", "Action", "Target", "Study", "Details"]} label="Audit log">
      {entries.map((entry) => {
        const { changes, facts } = describeData(entry.data);
        return (
          <Row key={entry.id} top>
            <td className="whitespace-nowrap p-2 font-mono text-xs">{when(entry.at)}</td>
            <td className="p-2">{entry.actor ? <span title={entry.actor.email}>{entry.actor.name} ({entry.actor.email})</span> : <em>command line</em>}</td>
            <td className="p-2 font-mono text-xs">{entry.action}</td>
            <td className="p-2 text-xs">
              {entry.entityType}
              {entry.entityId && <span className="block break-all font-mono text-slate-600">{entry.entityId}</span>}
            </td>
            <td className="p-2">{entry.study?.name ?? ""}</td>
            <td className="p-2 text-xs">
              {changes.length > 0 && (
                <ul aria-label="Changes" className="mb-1">
                  {changes.map((c) => (
                    <li key={c.field}>
                      <span className="font-medium">{c.field}</span>: <del className="text-red-800">{c.before}</del> → <ins className="text-green-800 no-underline">{c.after}</ins>
                    </li>
                  ))}
                </ul>
              )}
              {facts.length > 0 && (
                <dl className="grid grid-cols-[auto_1fr] gap-x-2">
                  {facts.map((f) => (
                    <div key={f.field} className="contents">
                      <dt className="text-slate-600">{f.field}</dt>
                      <dd className="break-all">{f.value}</dd>
                    </div>
                  ))}
                </dl>
              )}
            </td>
          </Row>
        );
      })}
    </DataTable>
  );
}
