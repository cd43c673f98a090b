import { NextResponse } from "next/server";
import { idParams } from "@/lib/api/params";
import { SMALL_JSON_BODY_BYTES } from "@/lib/api/body";
import { apiRoute } from "@/lib/api/route";
import { physicianRatingSchema } from "@/features/rating/schemas";
import { submitRating } from "@/features/rating/submit";

export const POST = apiRoute(
  { roles: ["rater"], params: idParams, body: physicianRatingSchema, maxBodyBytes: SMALL_JSON_BODY_BYTES },
  async ({ params, body, user }) => {
    const result = await submitRating(params.id, user.id, body);
    return NextResponse.json({ ratingId: result.ratingId, version: result.version }, { status: result.created ? 201 : 200 });
  },
);
