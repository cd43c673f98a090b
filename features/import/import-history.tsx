import { DataTable, Row } from "@/components/data-table";
import { EmptyState } from "@/components/page-header";
import type { listImports } from "./service";

type ImportRow = Awaited<ReturnType<typeof listImports>>[number];

export function ImportHistory({ imports }: { imports: ImportRow[] }) {
  if (imports.length === 0) return <EmptyState>Nothing imported yet.</EmptyState>;
  return (
    <DataTable label="Import history" columns={["When", "Who", "What", "Files", "Outcome", "sha256"]}>
        {imports.map((batch) => (
          <Row key={batch.id} top>
            <td className="p-2 whitespace-nowrap">{batch.createdAt.toISOString().slice(0, 19).replace("T", " ")}</td>
            <td className="p-2">{batch.user?.email ?? "—"}</td>
            <td className="p-2">
              {batch.kind.replace("_", " ")}
              {batch.raterName && ` as ${batch.raterName}`}
            </td>
            <td className="p-2">{batch.fileNames.length > 3 ? `${batch.fileNames.slice(0, 3).join(", ")} and ${batch.fileNames.length - 3} more` : batch.fileNames.join(", ")}</td>
            <td className="p-2">
              {batch.dryRun && <span className="mr-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700">check only</span>}
              {batch.status === "succeeded"
                ? `${batch.dryRun ? "would give " : ""}${batch.created} created, ${batch.unchanged} unchanged, ${batch.replaced} replaced${batch.kind === "scores" ? `, ${batch.unscored} unscored` : ""}${batch.refused > 0 ? `, ${batch.refused} refused` : ""}`
                : <span className="text-red-700">refused: {(batch.errors as { message?: string } | null)?.message ?? "see the API response"}</span>}
              {batch.refused > 0 && (
                <>
                  {" "}
                  <a className="text-brand-700 underline" href={`/api/v1/studies/${batch.studyId}/imports/${batch.id}/refused`} download>
                    refused records (NDJSON)
                  </a>
                </>
              )}
            </td>
            <td className="p-2 font-mono text-xs" title={batch.sha256}>{batch.sha256.split(" ").map((h) => h.slice(0, 12)).join(" ")}</td>
          </Row>
        ))}
    </DataTable>
  );
}
