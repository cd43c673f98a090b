import { DataTable, Row } from "@/components/data-table";
import type { Metadata } from "next";
import { EmptyState } from "@/components/page-header";
import { requireRole } from "@/lib/auth/session";
import { AREA_ROLES } from "@/lib/roles";
import { requireStudy, listScenarios } from "@/features/studies/browse";
import { StudyLockPanel } from "@/features/snapshots/views";

export const metadata: Metadata = { title: "Scenarios" };

export default async function StudyScenariosPage({ params }: { params: Promise<{ studyId: string }> }) {
  const user = await requireRole(AREA_ROLES.results);
  const study = await requireStudy((await params).studyId);
  const scenarios = await listScenarios(study.id);
  const lockPanel = <StudyLockPanel studyId={study.id} isAdmin={user.role === "admin"} />;
  if (scenarios.length === 0) {
    return (
      <>
        {lockPanel}
        <EmptyState>No scenarios yet. An admin imports them on the Import tab.</EmptyState>
      </>
    );
  }
  return (
    <>
      {lockPanel}
      <DataTable columns={["Scenario", "Category", { label: "Acuity weight", numeric: true }, "Decoupling pair", { label: "Critical actions", numeric: true }, { label: "Safety-colliding", numeric: true }, { label: "Answers", numeric: true }]}>
        {scenarios.map((s) => (
          <Row key={s.id}>
            <td className="p-2 font-mono">{s.externalId}</td>
            <td className="p-2">{s.category}</td>
            <td className="p-2 text-right">{s.acuityWeight.toFixed(1)}</td>
            <td className="p-2">{s.decouplingPairId ? `${s.decouplingPairId} (${s.decouplingFraming ?? "?"})` : "—"}</td>
            <td className="p-2 text-right">{s.criticalActions}</td>
            <td className="p-2 text-right">{s.flagsImported ? s.safetyColliding : "not imported"}</td>
            <td className="p-2 text-right">{s.answers}</td>
          </Row>
        ))}
      </DataTable>
    </>
  );
}
