import { NextResponse } from "next/server";
import { z } from "zod";
import { idParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { studyResults } from "@/features/results/results";
import { resultsFilterFields, withRaterPairRule } from "@/features/results/scope";

/** Every figure of the results page as JSON; `download=1` saves it as a file. */
export const GET = apiRoute(
  { roles: ["researcher", "admin"], params: idParams, query: withRaterPairRule(resultsFilterFields.extend({ download: z.enum(["0", "1"]).optional() }).strict()) },
  async ({ params, query: { download, ...filter } }) => {
    const results = await studyResults(params.id, filter);
    return NextResponse.json(results, {
      headers: { "cache-control": "no-store", ...(download === "1" ? { "content-disposition": `attachment; filename="results-${params.id}.json"` } : {}) },
    });
  },
);
