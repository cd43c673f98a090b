import { idParams } from "@/lib/api/params";
import { SMALL_JSON_BODY_BYTES } from "@/lib/api/body";
import { apiRoute } from "@/lib/api/route";
import { skipSchema } from "@/features/rating/schemas";
import { skipAssignment } from "@/features/rating/submit";

export const POST = apiRoute({ roles: ["rater"], params: idParams, body: skipSchema, maxBodyBytes: SMALL_JSON_BODY_BYTES }, async ({ params, body, user }) => {
  await skipAssignment(params.id, user.id, body);
  return { skipped: true };
});
