import { NextResponse } from "next/server";
import { SMALL_JSON_BODY_BYTES } from "@/lib/api/body";
import { idParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { addRaterToQueue } from "@/features/queue/pool";
import { addRaterSchema } from "@/features/queue/schemas";

export const POST = apiRoute({ roles: ["admin"], params: idParams, body: addRaterSchema, maxBodyBytes: SMALL_JSON_BODY_BYTES }, async ({ params, body, user }) =>
  NextResponse.json(await addRaterToQueue(params.id, body, user.id), { status: 201 }),
);
