import { z } from "zod";
import { idParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { exportRatings } from "@/features/exports/ratings";

const CONTENT_TYPE = { csv: "text/csv; charset=utf-8", ndjson: "application/x-ndjson; charset=utf-8" } as const;

export const GET = apiRoute(
  {
    roles: ["researcher", "admin"],
    params: idParams,
    query: z.object({ format: z.enum(["csv", "ndjson"], { error: "format must be csv or ndjson." }).default("csv") }),
  },
  async ({ params, query }) => {
    const { stream, filename } = await exportRatings(params.id, query.format);
    return new Response(stream, {
      headers: { "content-type": CONTENT_TYPE[query.format], "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" },
    });
  },
);
