import { apiRoute } from "@/lib/api/route";
import { auditExportQuery } from "@/features/audit/schemas";
import { exportAudit } from "@/features/audit/service";

const CONTENT_TYPE = { csv: "text/csv; charset=utf-8", ndjson: "application/x-ndjson; charset=utf-8" } as const;

export const GET = apiRoute({ roles: ["admin"], query: auditExportQuery }, ({ query: { format, ...filters } }) =>
  Promise.resolve(
    new Response(exportAudit(filters, format), {
      headers: { "content-type": CONTENT_TYPE[format], "content-disposition": `attachment; filename="audit.${format}"`, "cache-control": "no-store" },
    }),
  ),
);
