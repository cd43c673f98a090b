import { idParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { consensusExportQuery, exportConsensus } from "@/features/consensus/service";

const CONTENT_TYPE = { csv: "text/csv; charset=utf-8", ndjson: "application/x-ndjson; charset=utf-8" } as const;

/** Each queued answer's consensus and provenance, one row each (docs/design.md §6). */
export const GET = apiRoute({ roles: ["researcher", "admin"], params: idParams, query: consensusExportQuery }, async ({ params, query }) => {
  const { stream, filename } = await exportConsensus(params.id, query);
  return new Response(stream, {
    headers: { "content-type": CONTENT_TYPE[query.format], "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" },
  });
});
