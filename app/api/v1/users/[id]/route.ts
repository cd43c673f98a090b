import { SMALL_JSON_BODY_BYTES } from "@/lib/api/body";
import { idParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { updateUser } from "@/features/users/people";
import { userChangeSchema } from "@/features/users/schemas";

export const PATCH = apiRoute({ roles: ["admin"], params: idParams, body: userChangeSchema, maxBodyBytes: SMALL_JSON_BODY_BYTES }, ({ params, body, user }) =>
  updateUser(params.id, body, user.id),
);
