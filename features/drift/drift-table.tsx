import { DataTable, Row, type Column } from "@/components/data-table";
import { formatFigure } from "@/lib/format";
import type { DriftSlice } from "@/lib/stats/drift";

const num = (label: string): Column => ({ label, numeric: true });
const COLUMNS: Column[] = [
  { label: "Slice" },
  num("Ratings"),
  num("Co-rater pairs OH"),
  num("Exact OH"),
  num("Within 1 OH"),
  num("κ quadratic OH"),
  num("Co-rater pairs CH"),
  num("Exact CH"),
  num("Within 1 CH"),
  num("κ quadratic CH"),
  num("Gold n"),
  num("Gold exact OH"),
  num("Gold within 1 OH"),
  num("Gold exact CH"),
  num("Gold within 1 CH"),
  num("Mean OH"),
  num("Pool mean OH"),
  num("OH − pool"),
  num("Mean CH"),
  num("Pool mean CH"),
  num("CH − pool"),
];

const Cell = ({ value }: { value: number | null }) => <td className="p-2 text-right tabular-nums">{formatFigure(value)}</td>;
const Count = ({ value }: { value: number }) => <td className="p-2 text-right tabular-nums">{value}</td>;

/** Every figure of every slice: the chart's values, and the chart's accessible alternative. "—": no pair, no rating or one category only. */
export function DriftTable({ name, slices }: { name: string; slices: readonly DriftSlice[] }) {
  return (
    <DataTable columns={COLUMNS} label={`Drift of ${name}, per slice`}>
      {slices.map((s) => (
        <Row key={s.label}>
          <th scope="row" className="whitespace-nowrap p-2 text-left font-normal">{s.label}</th>
          <Count value={s.n} />
          <Count value={s.co_raters.omission_harm.n} />
          <Cell value={s.co_raters.omission_harm.exact} />
          <Cell value={s.co_raters.omission_harm.within1} />
          <Cell value={s.co_raters.omission_harm.kappa_quadratic} />
          <Count value={s.co_raters.commission_harm.n} />
          <Cell value={s.co_raters.commission_harm.exact} />
          <Cell value={s.co_raters.commission_harm.within1} />
          <Cell value={s.co_raters.commission_harm.kappa_quadratic} />
          <Count value={s.gold.omission_harm.n} />
          <Cell value={s.gold.omission_harm.exact} />
          <Cell value={s.gold.omission_harm.within1} />
          <Cell value={s.gold.commission_harm.exact} />
          <Cell value={s.gold.commission_harm.within1} />
          <Cell value={s.mean_oh.physician} />
          <Cell value={s.mean_oh.pool} />
          <Cell value={s.mean_oh.difference} />
          <Cell value={s.mean_ch.physician} />
          <Cell value={s.mean_ch.pool} />
          <Cell value={s.mean_ch.difference} />
        </Row>
      ))}
    </DataTable>
  );
}
