import { NextResponse } from "next/server";
import { idParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { claimNext } from "@/features/rating/claim";

export const POST = apiRoute({ roles: ["rater"], params: idParams }, async ({ params, user }) => {
  const item = await claimNext(params.id, user.id);
  return item ? NextResponse.json(item) : new NextResponse(null, { status: 204 });
});
