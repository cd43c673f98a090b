import { DataTable, Row } from "@/components/data-table";
import { EmptyState } from "@/components/page-header";
import { KIND_LABELS, pageWording } from "./page-wording";
import type { listImports } from "./service";

type ImportRow = Awaited<ReturnType<typeof listImports>>[number];

/** File names shown on an entry's line; the others are counted, and listed with the hashes. */
const NAMES_SHOWN = 3;

/** The files of an entry in a few words: "a.json, b.json, c.json and 57 more". */
export const filesInWords = (names: string[]) =>
  names.length > NAMES_SHOWN ? `${names.slice(0, NAMES_SHOWN).join(", ")} and ${names.length - NAMES_SHOWN} more` : names.join(", ");

/** The first sentence of a message (the rest is in the entry's title). */
const firstSentence = (message: string) => /^.*?\.(?=\s|$)/.exec(message)?.[0] ?? message;

/** Each file of an entry with its sha256 (the hashes are joined by spaces, in file order). */
const fileHashes = (batch: ImportRow) => {
  const hashes = batch.sha256.split(" ");
  return batch.fileNames.map((name, i) => ({ name, sha256: hashes[i] ?? "" }));
};

function Outcome({ batch }: { batch: ImportRow }) {
  if (batch.status !== "succeeded") {
    const message = pageWording((batch.errors as { message?: string } | null)?.message ?? "see the API response");
    return <span className="text-red-700" title={message}>refused: {firstSentence(message)}</span>;
  }
  const counts =
    `${batch.dryRun ? "would give " : ""}${batch.created} created, ${batch.unchanged} unchanged, ${batch.replaced} replaced` +
    `${batch.kind === "scores" ? `, ${batch.unscored} unscored` : ""}${batch.refused > 0 ? `, ${batch.refused} refused` : ""}`;
  return (
    <>
      {counts}
      {batch.refused > 0 && (
        <>
          {" "}
          <a className="text-brand-700 underline" href={`/api/v1/studies/${batch.studyId}/imports/${batch.id}/refused`} download>
            refused records (NDJSON)
          </a>
        </>
      )}
    </>
  );
}

/**
 * The study's imports, one line each: when, who, what, the files, the
 * outcome (a check only marked); each file's sha256 one click away.
 */
export function ImportHistory({ imports }: { imports: ImportRow[] }) {
  if (imports.length === 0) return <EmptyState>Nothing imported yet.</EmptyState>;
  return (
    <DataTable label="Import history" columns={["When", "Who", "What", "Files", "Outcome"]}>
      {imports.map((batch) => (
        <Row key={batch.id} top>
          <td className="p-2 whitespace-nowrap">{batch.createdAt.toISOString().slice(0, 16).replace("T", " ")}</td>
          <td className="p-2">{batch.user?.email ?? "—"}</td>
          <td className="p-2 whitespace-nowrap">
            {KIND_LABELS[batch.kind]}
            {batch.raterName && ` as ${batch.raterName}`}
          </td>
          <td className="p-2">
            <details>
              <summary className="cursor-pointer" data-testid="history-files">{filesInWords(batch.fileNames)}</summary>
              <ul className="mt-1 space-y-0.5 text-xs" aria-label="Files and their sha256">
                {fileHashes(batch).map(({ name, sha256 }, i) => (
                  <li key={i}>
                    {name}: <span className="font-mono break-all">{sha256 || "none: refused before the end of the file was read"}</span>
                  </li>
                ))}
              </ul>
            </details>
          </td>
          <td className="p-2">
            {batch.dryRun && <span className="mr-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700">check only</span>}
            <Outcome batch={batch} />
          </td>
        </Row>
      ))}
    </DataTable>
  );
}
