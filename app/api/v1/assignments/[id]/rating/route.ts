import { NextResponse } from "next/server";
import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { physicianRatingSchema } from "@/features/rating/schemas";
import { submitRating } from "@/features/rating/submit";

export const POST = apiRoute(
  { roles: ["rater"], params: z.object({ id: z.string() }), body: physicianRatingSchema },
  async ({ params, body, user }) => {
    const result = await submitRating(params.id, user.id, body);
    return NextResponse.json({ ratingId: result.ratingId, version: result.version }, { status: result.created ? 201 : 200 });
  },
);
