import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { idParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import type { ImportKind } from "@/lib/db/generated/enums";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { payloadTooLarge, type Upload } from "./read-records";
import { runImport } from "./service";

const query = z.object({
  replace: z.enum(["true", "false", "1", "0"], { error: "replace must be true or false." }).optional(),
  rater: z.string().trim().min(1, "rater must not be empty.").max(200).optional(),
  filename: z.string().trim().max(300).optional(),
});

/**
 * The files of an import request: a raw body (streamed; its name from
 * ?filename=) or a multipart form with one or more files (the admin page
 * sends several scenario files at once that way).
 */
async function uploadsOf(request: NextRequest, filename: string | undefined): Promise<Upload[]> {
  const limit = env().MAX_BODY_BYTES;
  if (Number(request.headers.get("content-length") ?? 0) > limit) throw payloadTooLarge(limit);
  const contentType = request.headers.get("content-type");
  if (contentType?.startsWith("multipart/form-data")) {
    const files = [...(await request.formData()).values()].filter((v): v is File => typeof v !== "string");
    if (files.length === 0) throw new AppError("invalid", "The form holds no file.");
    return files.map((file) => ({ name: file.name, contentType: file.type || null, stream: file.stream() }));
  }
  if (!request.body) throw new AppError("invalid", "The request has no body: send the file as the body.");
  return [{ name: filename ?? "upload", contentType, stream: request.body }];
}

/** POST /api/v1/studies/{id}/<kind> (docs/design.md §6). */
export function importRoute(kind: ImportKind) {
  return apiRoute({ roles: ["admin"], params: idParams, query }, async ({ request, user, params: { id }, query: q }) => {
    const outcome = await runImport({
      kind,
      studyId: id,
      actorId: user.id,
      uploads: await uploadsOf(request, q.filename),
      replace: q.replace === "true" || q.replace === "1",
      raterName: q.rater ?? null,
    });
    const { unscored, ...counts } = outcome;
    return NextResponse.json(kind === "scores" ? { ...counts, unscored: unscored ?? 0 } : counts);
  });
}
