import Link from "next/link";
import { FilterSelect } from "@/components/filter-select";
import { EmptyState, PageHeader } from "@/components/page-header";
import { zodDetails } from "@/lib/api/error-response";
import { AdminNav } from "@/features/admin/admin-nav";
import { AuditTable } from "./audit-table";
import { auditPageQuery } from "./schemas";
import { auditFacets, auditPage } from "./service";

const FILTERS = ["action", "actor", "study", "from", "to"] as const;

/** The audit log page: filters in the address (action, actor, study, dates), pages of 50, and the export with the same filters. */
export async function AuditLogView({ query }: { query: Record<string, string> }) {
  const parsed = auditPageQuery.safeParse(query);
  const facets = await auditFacets();
  const kept = new URLSearchParams(FILTERS.flatMap((key) => (query[key] ? [[key, query[key]]] : [])));
  const link = (extra: Record<string, string>, base = "") => `${base}?${new URLSearchParams({ ...Object.fromEntries(kept), ...extra }).toString()}`;
  const result = parsed.success ? await auditPage(parsed.data, parsed.data.page) : null;
  const page = parsed.success ? parsed.data.page : 1;

  return (
    <>
      <PageHeader title="Audit log">Who did what and when: every admin and rater write, with before and after where something changed.</PageHeader>
      <AdminNav />
      <form className="mb-4 flex flex-wrap items-end gap-3 text-sm" aria-label="Filter the audit log">
        <FilterSelect label="Action" name="action" value={query.action} all="any" options={facets.actions} />
        <FilterSelect label="Who" name="actor" value={query.actor} all="anyone" options={facets.actors.map((a) => ({ value: a.email, label: `${a.name} (${a.email})` }))} />
        <FilterSelect label="Study" name="study" value={query.study} all="any" options={facets.studies.map((s) => ({ value: s.id, label: s.name }))} />
        <label>
          <span className="block font-medium text-slate-700">From</span>
          <input type="date" name="from" defaultValue={query.from} className="mt-1 rounded border border-slate-300 px-2 py-1" />
        </label>
        <label>
          <span className="block font-medium text-slate-700">To (inclusive)</span>
          <input type="date" name="to" defaultValue={query.to} className="mt-1 rounded border border-slate-300 px-2 py-1" />
        </label>
        <button type="submit" className="rounded bg-brand-600 px-3 py-1 text-white">Filter</button>
        <Link href="/admin/audit" className="text-brand-700 underline">Clear</Link>
        <span className="ml-auto flex gap-3">
          <a href={link({ format: "csv" }, "/api/v1/audit")} className="text-brand-700 underline">Export CSV</a>
          <a href={link({ format: "ndjson" }, "/api/v1/audit")} className="text-brand-700 underline">Export NDJSON</a>
        </span>
      </form>
      {!parsed.success ? (
        <div role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          <ul>
            {zodDetails(parsed.error).map((d, i) => (
              <li key={i}>{d.message}</li>
            ))}
          </ul>
        </div>
      ) : result && result.entries.length === 0 ? (
        <EmptyState>No audit entries match.</EmptyState>
      ) : (
        result && (
          <>
            <p className="mb-2 text-sm text-slate-600" data-testid="audit-count">
              {result.total} {result.total === 1 ? "entry" : "entries"}
            </p>
            <AuditTable entries={result.entries} />
            {result.pages > 1 && (
              <nav aria-label="Pages" className="mt-3 flex gap-3 text-sm">
                {page > 1 && <Link href={link({ page: String(page - 1) })} className="text-brand-700 underline">Newer</Link>}
                <span>Page {page} of {result.pages}</span>
                {page < result.pages && <Link href={link({ page: String(page + 1) })} className="text-brand-700 underline">Older</Link>}
              </nav>
            )}
          </>
        )
      )}
    </>
  );
}
