import { idParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { exportRatings, ratingsExportQuery } from "@/features/exports/ratings";
import { raterInStudy } from "@/features/results/raters";

const CONTENT_TYPE = { csv: "text/csv; charset=utf-8", ndjson: "application/x-ndjson; charset=utf-8" } as const;

export const GET = apiRoute(
  {
    roles: ["researcher", "admin"],
    params: idParams,
    query: ratingsExportQuery,
  },
  async ({ params, query }) => {
    const { format, raterA, raterB, ...filter } = query;
    // raterA/raterB name raters as the Results page does (an id, or a name in this study).
    const named = [raterA, raterB].filter((r): r is string => r !== undefined);
    const raters = await Promise.all(named.map((given) => raterInStudy(params.id, given)));
    const { stream, filename } = await exportRatings(params.id, format, { ...filter, raters });
    return new Response(stream, {
      headers: { "content-type": CONTENT_TYPE[format], "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" },
    });
  },
);
