import { DataTable, Row } from "@/components/data-table";
import Link from "next/link";
import type { listStudies } from "./service";

type StudyRow = Awaited<ReturnType<typeof listStudies>>[number];

export function StudiesTable({ studies }: { studies: StudyRow[] }) {
  return (
    <DataTable columns={["Study", { label: "Scenarios", numeric: true }, { label: "Answers", numeric: true }, { label: "Queues", numeric: true }, "Status", "Results"]}>
        {studies.map((study) => (
          <Row key={study.id}>
            <td className="p-2 font-medium">
              <Link href={`/studies/${study.id}`} className="text-brand-700 hover:underline">
                {study.name}
              </Link>
            </td>
            <td className="p-2 text-right">{study.scenarios}</td>
            <td className="p-2 text-right">{study.responses}</td>
            <td className="p-2 text-right">{study.queues}</td>
            <td className="p-2">{study.locked ? "locked" : "open"}</td>
            <td className="p-2">
              {/* The visible word starts the link's name (a speech user says what they see); the study follows for a screen reader. */}
              <Link href={`/studies/${study.id}/results`} className="text-brand-700 hover:underline">
                Agreement<span className="sr-only"> of {study.name}</span>
              </Link>
            </td>
          </Row>
        ))}
    </DataTable>
  );
}
