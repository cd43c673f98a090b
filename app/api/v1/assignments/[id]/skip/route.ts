import { z } from "zod";
import { SMALL_JSON_BODY_BYTES } from "@/lib/api/body";
import { apiRoute } from "@/lib/api/route";
import { skipSchema } from "@/features/queue/schemas";
import { skipAssignment } from "@/features/queue/submit";

export const POST = apiRoute({ roles: ["rater"], params: z.object({ id: z.string() }), body: skipSchema, maxBodyBytes: SMALL_JSON_BODY_BYTES }, async ({ params, body, user }) => {
  await skipAssignment(params.id, user.id, body);
  return { skipped: true };
});
