import { DataTable, Row } from "@/components/data-table";
import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { FilterSelect } from "@/components/filter-select";
import { EmptyState } from "@/components/page-header";
import { requireRole } from "@/lib/auth/session";
import { pageQuery } from "@/lib/page-params";
import { AREA_ROLES } from "@/lib/roles";
import { requireStudy, listAnswers } from "@/features/studies/browse";

export const metadata: Metadata = { title: "Answers" };

const filtersSchema = z.object({
  model: z.string().optional().catch(undefined),
  scenario: z.string().optional().catch(undefined),
  filtered: z.enum(["yes", "no"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1).default(1),
});

export default async function StudyAnswersPage({
  params,
  searchParams,
}: {
  params: Promise<{ studyId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireRole(AREA_ROLES.results);
  const study = await requireStudy((await params).studyId);
  const filters = filtersSchema.parse(await pageQuery(searchParams));
  const { total, pages, rows, models, scenarios } = await listAnswers(study.id, filters);
  const pageLink = (page: number) => {
    const query = new URLSearchParams();
    for (const key of ["model", "scenario", "filtered"] as const) {
      const value = filters[key];
      if (value) query.set(key, value);
    }
    query.set("page", String(page));
    return `?${query.toString()}`;
  };

  return (
    <>
      <form className="mb-4 flex flex-wrap items-end gap-3 text-sm" aria-label="Filter answers">
        <FilterSelect label="Model" name="model" value={filters.model} all="all" options={models} />
        <FilterSelect label="Scenario" name="scenario" value={filters.scenario} all="all" options={scenarios} />
        <FilterSelect label="Content-filtered" name="filtered" value={filters.filtered} all="either" options={["yes", "no"]} />
        <button type="submit" className="rounded bg-brand-600 px-3 py-1 text-white">Filter</button>
        <span className="text-slate-600" data-testid="answer-count">
          {total} {total === 1 ? "answer" : "answers"}
        </span>
      </form>
      {rows.length === 0 ? (
        <EmptyState>No answers match.</EmptyState>
      ) : (
        <DataTable columns={["Scenario", "Model", { label: "Repetition", numeric: true }, "Filtered", { label: "Tokens", numeric: true }, { label: "Scores", numeric: true }, "Blind code"]}>
            {rows.map((r) => (
              <Row key={r.id}>
                <td className="p-2 font-mono">{r.scenario.externalId}</td>
                <td className="p-2">
                  <Link href={`/studies/${study.id}/answers/${r.id}`} className="text-brand-700 underline">{r.modelId}</Link>
                </td>
                <td className="p-2 text-right">{r.repetition}</td>
                <td className="p-2">{r.contentFiltered ? "yes" : ""}</td>
                <td className="p-2 text-right">{r.outputTokens ?? ""}</td>
                <td className="p-2 text-right">{r._count.ratings}</td>
                <td className="p-2 font-mono text-xs">{r.blindCode}</td>
              </Row>
            ))}
        </DataTable>
      )}
      {pages > 1 && (
        <nav aria-label="Pages" className="mt-3 flex gap-3 text-sm">
          {filters.page > 1 && <Link href={pageLink(filters.page - 1)} className="text-brand-700 underline">Previous</Link>}
          <span>Page {filters.page} of {pages}</span>
          {filters.page < pages && <Link href={pageLink(filters.page + 1)} className="text-brand-700 underline">Next</Link>}
        </nav>
      )}
    </>
  );
}
