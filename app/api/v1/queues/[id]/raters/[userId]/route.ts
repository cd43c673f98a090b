import { apiRoute } from "@/lib/api/route";
import { removeRaterFromQueue } from "@/features/queue/pool";
import { queueRaterParams } from "@/features/queue/schemas";

export const DELETE = apiRoute({ roles: ["admin"], params: queueRaterParams }, async ({ params, user }) => removeRaterFromQueue(params.id, params.userId, user.id));
