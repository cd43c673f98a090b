import { idParams } from "@/lib/api/params";
import { SMALL_JSON_BODY_BYTES } from "@/lib/api/body";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { recordCannotAssess } from "@/features/rating/cannot-assess";
import { isCannotAssess, ratingBodySchema } from "@/features/rating/schemas";
import { submitRating } from "@/features/rating/submit";

export const POST = apiRoute(
  { roles: ["rater"], params: idParams, body: ratingBodySchema, maxBodyBytes: SMALL_JSON_BODY_BYTES },
  async ({ params, body, user }) => {
    if (isCannotAssess(body)) {
      const result = await recordCannotAssess(params.id, user.id, body);
      // The shape of a rating's answer; an abstention has no rating behind it.
      return jsonResponse({ ratingId: null, version: 1, cannot_assess: { reason: result.reason } }, { status: result.created ? 201 : 200 });
    }
    const result = await submitRating(params.id, user.id, body);
    return jsonResponse({ ratingId: result.ratingId, version: result.version }, { status: result.created ? 201 : 200 });
  },
);
