import { idParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { notFound } from "@/lib/errors";
import { AREA_ROLES } from "@/lib/roles";
import { queueProgress } from "@/features/queue/progress";

export const GET = apiRoute({ roles: AREA_ROLES.results, params: idParams }, async ({ params }) => {
  const progress = await queueProgress(params.id);
  if (!progress) throw notFound("The queue");
  return progress;
});
