import { idParams } from "@/lib/api/params";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { resetPassword } from "@/features/users/people";

export const POST = apiRoute({ roles: ["admin"], params: idParams }, async ({ params, user }) =>
  jsonResponse(await resetPassword(params.id, user.id), { status: 201, headers: { "cache-control": "no-store" } }),
);
