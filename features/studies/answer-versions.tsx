import { DataTable, Row } from "@/components/data-table";
import { answerVersionHistory, type StoredAnswerVersion } from "./answer-history";

/**
 * Every text an answer has had, newest first: its number, since when and by
 * whose import it was in place, and the text. Ratings name the version they
 * were given to (the Scores table beside this).
 */
export function AnswerVersions({ answer }: {
  answer: { version: number; text: string; createdAt: Date; importBatch: { user: { name: string; email: string } | null } | null; versions: StoredAnswerVersion[] };
}) {
  const history = answerVersionHistory(answer);
  return (
    <section aria-labelledby="answer-versions">
      <h3 id="answer-versions" className="mb-2 font-medium">Versions ({history.length})</h3>
      <DataTable label="Answer versions" columns={["Version", "In place since", "By", "Text"]}>
        {history.map((v) => (
          <Row key={v.version} top>
            <td className="p-2" data-testid={`answer-version-${v.version}`}>
              {v.version}
              {v.current ? " (current)" : " (earlier)"}
            </td>
            <td className="p-2 whitespace-nowrap">{v.since?.toISOString().replace("T", " ").slice(0, 16) ?? "—"}</td>
            <td className="p-2">{v.by ?? "—"}</td>
            <td className="p-2 whitespace-pre-wrap">{v.text || <em className="text-slate-500">(empty)</em>}</td>
          </Row>
        ))}
      </DataTable>
    </section>
  );
}
