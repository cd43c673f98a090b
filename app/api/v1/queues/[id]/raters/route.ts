import { SMALL_JSON_BODY_BYTES } from "@/lib/api/body";
import { idParams } from "@/lib/api/params";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { addRaterToQueue } from "@/features/queue/pool";
import { addRaterSchema } from "@/features/queue/schemas";

export const POST = apiRoute({ roles: ["admin"], params: idParams, body: addRaterSchema, maxBodyBytes: SMALL_JSON_BODY_BYTES }, async ({ params, body, user }) =>
  jsonResponse(await addRaterToQueue(params.id, body, user.id), { status: 201 }),
);
