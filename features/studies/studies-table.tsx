import Link from "next/link";
import type { listStudies } from "./service";

type StudyRow = Awaited<ReturnType<typeof listStudies>>[number];

export function StudiesTable({ studies }: { studies: StudyRow[] }) {
  return (
    <table className="w-full border-collapse overflow-hidden rounded border border-slate-200 bg-white text-sm">
      <thead className="bg-slate-100 text-left">
        <tr>
          <th className="p-2">Study</th>
          <th className="p-2 text-right">Scenarios</th>
          <th className="p-2 text-right">Answers</th>
          <th className="p-2 text-right">Queues</th>
          <th className="p-2">Status</th>
        </tr>
      </thead>
      <tbody>
        {studies.map((study) => (
          <tr key={study.id} className="border-t border-slate-200">
            <td className="p-2 font-medium">
              <Link href={`/studies/${study.id}`} className="text-brand-700 hover:underline">
                {study.name}
              </Link>
            </td>
            <td className="p-2 text-right">{study.scenarios}</td>
            <td className="p-2 text-right">{study.responses}</td>
            <td className="p-2 text-right">{study.queues}</td>
            <td className="p-2">{study.locked ? "locked" : "open"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
