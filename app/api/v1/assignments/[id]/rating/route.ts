import { NextResponse } from "next/server";
import { z } from "zod";
import { SMALL_JSON_BODY_BYTES } from "@/lib/api/body";
import { apiRoute } from "@/lib/api/route";
import { physicianRatingSchema } from "@/features/queue/schemas";
import { submitRating } from "@/features/queue/submit";

export const POST = apiRoute(
  { roles: ["rater"], params: z.object({ id: z.string() }), body: physicianRatingSchema, maxBodyBytes: SMALL_JSON_BODY_BYTES },
  async ({ params, body, user }) => {
    const result = await submitRating(params.id, user.id, body);
    return NextResponse.json({ ratingId: result.ratingId, version: result.version }, { status: result.created ? 201 : 200 });
  },
);
