import { z } from "zod";
import { idParams } from "@/lib/api/params";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { prisma } from "@/lib/db/prisma";
import { analysisReport } from "@/features/analysis/report";
import { analysisQuerySchema, studyAnalysis } from "@/features/analysis/service";

/** The study analysis as JSON (docs/design.md §6), or `format=md` as a Markdown report to download. */
export const GET = apiRoute(
  { roles: ["researcher", "admin"], params: idParams, query: analysisQuerySchema.extend({ format: z.enum(["json", "md"], { error: "format must be json or md." }).default("json") }) },
  async ({ params, query: { format, ...query } }) => {
    const analysis = await studyAnalysis(params.id, query);
    if (format === "json") return jsonResponse(analysis, { headers: { "cache-control": "no-store" } });
    const study = await prisma.study.findUniqueOrThrow({ where: { id: params.id }, select: { name: true } });
    return new Response(analysisReport(study.name, analysis, new Date()), {
      headers: { "content-type": "text/markdown; charset=utf-8", "content-disposition": `attachment; filename="analysis-${query.source.replace(/[^\w.-]+/g, "-")}.md"`, "cache-control": "no-store" },
    });
  },
);
