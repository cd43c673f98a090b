import { idParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { statementsCsv, statementsFilename, statementsQuery, studyStatements } from "@/features/quality/statements";

export const GET = apiRoute({ roles: ["researcher", "admin"], params: idParams, query: statementsQuery }, async ({ params, query }) => {
  const { study, statements } = await studyStatements(params.id, query);
  return new Response(statementsCsv(statements), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${statementsFilename(study, query)}"`,
      "cache-control": "no-store",
    },
  });
});
