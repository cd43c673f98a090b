import { NextResponse } from "next/server";
import { idParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { createQueue } from "@/features/queue/build";
import { newQueueSchema } from "@/features/queue/schemas";

export const POST = apiRoute({ roles: ["admin"], params: idParams, body: newQueueSchema }, async ({ params, body, user }) =>
  NextResponse.json(await createQueue(params.id, body, user.id), { status: 201 }),
);
