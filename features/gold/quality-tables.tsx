import { DataTable, Row } from "@/components/data-table";
import { EmptyState } from "@/components/page-header";
import { formatFigure } from "@/lib/format";
import type { ScaleAgreement } from "@/lib/stats/rater-quality";
import type { GoldAndRetest, PhysicianQuality } from "./service";

const SCALE_COLUMNS = (scale: string) => [
  { label: `${scale} n`, numeric: true },
  { label: `${scale} exact`, numeric: true },
  { label: `${scale} within 1`, numeric: true },
  { label: `${scale} κ quadratic`, numeric: true },
];

function ScaleCells({ figures }: { figures: ScaleAgreement }) {
  return (
    <>
      <td className="p-2 text-right">{figures.n}</td>
      <td className="p-2 text-right">{formatFigure(figures.exact)}</td>
      <td className="p-2 text-right">{formatFigure(figures.within1)}</td>
      <td className="p-2 text-right">{formatFigure(figures.kappa_quadratic)}</td>
    </>
  );
}

const physician = (row: PhysicianQuality) => (
  <td className="p-2">
    {row.name} <span className="text-xs text-slate-500">({row.email})</span>
  </td>
);

/** Per physician, agreement with the gold scores on the gold items they rated, and the flag. */
export function GoldAgreementTable({ figures }: { figures: GoldAndRetest }) {
  if (figures.gold.length === 0) return <EmptyState>No physician has rated a gold item of this study yet.</EmptyState>;
  return (
    <DataTable label="Agreement with gold" columns={["Physician", ...SCALE_COLUMNS("OH"), ...SCALE_COLUMNS("CH"), "Flag"]}>
      {figures.gold.map((row) => (
        <Row key={row.userId}>
          {physician(row)}
          <ScaleCells figures={row.omission_harm} />
          <ScaleCells figures={row.commission_harm} />
          <td className="p-2" data-testid="gold-flag">
            {row.flagged ? <strong className="text-red-800">below {formatFigure(figures.rule.threshold, 2)}</strong> : <span className="text-slate-500">—</span>}
          </td>
        </Row>
      ))}
    </DataTable>
  );
}

/** Per physician, their first rating against their retest of the same answer. */
export function IntraRaterTable({ figures }: { figures: GoldAndRetest }) {
  if (figures.retest.length === 0) return <EmptyState>No physician has rated a retest in this study yet.</EmptyState>;
  return (
    <DataTable label="Intra-rater agreement (test–retest)" columns={["Physician", ...SCALE_COLUMNS("OH"), ...SCALE_COLUMNS("CH")]}>
      {figures.retest.map((row) => (
        <Row key={row.userId}>
          {physician(row)}
          <ScaleCells figures={row.omission_harm} />
          <ScaleCells figures={row.commission_harm} />
        </Row>
      ))}
    </DataTable>
  );
}
