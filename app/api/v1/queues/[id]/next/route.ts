import { idParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { claimNext } from "@/features/rating/claim";

export const POST = apiRoute({ roles: ["rater"], params: idParams }, async ({ params, user }) => (await claimNext(params.id, user.id)) ?? new Response(null, { status: 204 }));
