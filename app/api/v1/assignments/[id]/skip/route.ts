import { idParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { skipSchema } from "@/features/rating/schemas";
import { skipAssignment } from "@/features/rating/submit";

export const POST = apiRoute({ roles: ["rater"], params: idParams, body: skipSchema }, async ({ params, body, user }) => {
  await skipAssignment(params.id, user.id, body);
  return { skipped: true };
});
