import { idParams } from "@/lib/api/params";
import { SMALL_JSON_BODY_BYTES } from "@/lib/api/body";
import { apiRoute } from "@/lib/api/route";
import { skipSchema } from "@/features/rating/schemas";
import { skipAssignment } from "@/features/rating/submit";
import { undoSkip } from "@/features/rating/undo-skip";

export const POST = apiRoute({ roles: ["rater"], params: idParams, body: skipSchema, maxBodyBytes: SMALL_JSON_BODY_BYTES }, async ({ params, body, user }) => {
  await skipAssignment(params.id, user.id, body);
  return { skipped: true };
});

/** Undoes the skip: the answer is the rater's live hold again, answered as a claim is. */
export const DELETE = apiRoute({ roles: ["rater"], params: idParams }, async ({ params, user }) => undoSkip(params.id, user.id));
