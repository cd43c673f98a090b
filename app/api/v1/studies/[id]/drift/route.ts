import { idParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { driftQuerySchema } from "@/features/drift/query";
import { studyDrift } from "@/features/drift/service";

export const GET = apiRoute({ roles: ["researcher", "admin"], params: idParams, query: driftQuerySchema }, async ({ params, query }) => studyDrift(params.id, query));
