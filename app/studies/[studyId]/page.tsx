import type { Metadata } from "next";
import { EmptyState } from "@/components/page-header";
import { requireRole } from "@/lib/auth/session";
import { AREA_ROLES } from "@/lib/roles";
import { getStudyOrNotFound, listScenarios } from "@/features/studies/browse";

export const metadata: Metadata = { title: "Scenarios" };

export default async function StudyScenariosPage({ params }: { params: Promise<{ studyId: string }> }) {
  await requireRole(AREA_ROLES.results);
  const study = await getStudyOrNotFound((await params).studyId);
  const scenarios = await listScenarios(study.id);
  if (scenarios.length === 0) return <EmptyState>No scenarios yet. An admin imports them on the Import tab.</EmptyState>;
  return (
    <table className="w-full border-collapse rounded border border-slate-200 bg-white text-sm">
      <thead className="bg-slate-100 text-left">
        <tr>
          <th className="p-2">Scenario</th>
          <th className="p-2">Category</th>
          <th className="p-2 text-right">Acuity weight</th>
          <th className="p-2">Decoupling pair</th>
          <th className="p-2 text-right">Critical actions</th>
          <th className="p-2 text-right">Safety-colliding</th>
          <th className="p-2 text-right">Answers</th>
        </tr>
      </thead>
      <tbody>
        {scenarios.map((s) => (
          <tr key={s.id} className="border-t border-slate-200">
            <td className="p-2 font-mono">{s.externalId}</td>
            <td className="p-2">{s.category}</td>
            <td className="p-2 text-right">{s.acuityWeight.toFixed(1)}</td>
            <td className="p-2">{s.decouplingPairId ? `${s.decouplingPairId} (${s.decouplingFraming ?? "?"})` : "—"}</td>
            <td className="p-2 text-right">{s.criticalActions}</td>
            <td className="p-2 text-right">{s.flagsImported ? s.safetyColliding : "not imported"}</td>
            <td className="p-2 text-right">{s.answers}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
