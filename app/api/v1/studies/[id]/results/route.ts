import { z } from "zod";
import { idParams } from "@/lib/api/params";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { studyResults } from "@/features/results/results";
import { currentResultsTag } from "@/features/results/change-counter";
import { ifNoneMatchHits } from "@/features/results/results-tag";
import { resultsFilterFields, withRaterPairRule } from "@/features/results/scope";

/**
 * Every figure of the results page as JSON, tagged (ETag) with the study's
 * change counter; `download=1` saves it as a file. A poll that sends back the
 * tag of figures that have not changed since is answered 304 after one read
 * of the counter (the caller's role is checked first, as for every route).
 */
export const GET = apiRoute(
  { roles: ["researcher", "admin"], params: idParams, query: withRaterPairRule(resultsFilterFields.extend({ download: z.enum(["0", "1"]).optional() }).strict()) },
  async ({ request, params, query: { download, ...filter } }) => {
    if (download === "1") {
      return jsonResponse(await studyResults(params.id, filter), {
        headers: { "cache-control": "no-store", "content-disposition": `attachment; filename="results-${params.id}.json"` },
      });
    }
    // No tag: no such study, and studyResults says so.
    const tag = await currentResultsTag(params.id, filter);
    // Stored by no cache: the page keeps the figures and their tag itself and sends the tag back.
    const headers = { "cache-control": "no-store", ...(tag ? { etag: tag } : {}) };
    if (tag && ifNoneMatchHits(request.headers.get("if-none-match"), tag)) return new Response(null, { status: 304, headers });
    return jsonResponse(await studyResults(params.id, filter), { headers });
  },
);
