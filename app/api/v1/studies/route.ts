import { apiRoute, jsonResponse } from "@/lib/api/route";
import { newStudySchema } from "@/features/studies/schemas";
import { createStudy, listStudies } from "@/features/studies/service";

export const POST = apiRoute({ roles: ["admin"], body: newStudySchema }, async ({ body, user }) => {
  const study = await createStudy(body, user.id);
  return jsonResponse(study, { status: 201 });
});

export const GET = apiRoute({ roles: ["researcher", "admin"] }, async () => ({ studies: await listStudies() }));
