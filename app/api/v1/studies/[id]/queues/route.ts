import { idParams } from "@/lib/api/params";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { createQueue } from "@/features/queue/build";
import { newQueueSchema } from "@/features/queue/schemas";

export const POST = apiRoute({ roles: ["admin"], params: idParams, body: newQueueSchema }, async ({ params, body, user }) =>
  jsonResponse(await createQueue(params.id, body, user.id), { status: 201 }),
);
