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
              <Link href={`/studies/${study.id}/results`} className="text-brand-700 hover:underline" aria-label={`Results of ${study.name}`}>
                Agreement
              </Link>
            </td>
          </Row>
        ))}
    </DataTable>
  );
}
