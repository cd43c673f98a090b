import "server-only";
import type { NextRequest } from "next/server";
import { z } from "zod";
import { idParams } from "@/lib/api/params";
import { mediaType } from "@/lib/api/body";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import type { ImportKind } from "@/lib/db/generated/enums";
import { env } from "@/lib/env";
import { AppError, invalid } from "@/lib/errors";
import { hasNul, nulMessage } from "@/lib/stored-text";
import { payloadTooLarge, type Upload } from "./read-records";
import { raterNameSchema } from "./schemas";
import { refusedRecordsOf, runImport } from "./service";

// Strict: an unknown parameter (a misspelt `replace`, say) is a 422 naming it, not silently ignored.
const query = z.strictObject({
  /** true/1 replaces stored rows that differ; rated also replaces answers that have ratings (kept as an earlier version). */
  replace: z.enum(["true", "false", "1", "0", "rated"], { error: "replace must be true, false or rated." }).optional(),
  rater: raterNameSchema("rater").optional(),
  filename: z.string().trim().max(300, "filename must be at most 300 characters.").optional(),
  /** true/1: check only — every check and the counts the import would give, nothing written but a history entry. */
  dryRun: z.enum(["true", "false", "1", "0"], { error: "dryRun must be true or false." }).optional(),
  /** skip: records with problems are refused whole and listed, the others imported; refuse (the default): all or nothing. */
  invalid: z.enum(["skip", "refuse"], { error: "invalid must be skip or refuse." }).optional(),
});

/** Refused records listed in a response; all of them are kept with the history entry. */
const MAX_REFUSED_LISTED = 1000;

const IMPORT_TYPES = new Set(["application/json", "application/x-ndjson", "text/csv", "multipart/form-data"]);
/** Types that say nothing of the format: taken when the file name says it. */
const GENERIC_TYPES = new Set(["text/plain", "application/octet-stream"]);
const FORMAT_BY_NAME = /\.(json|ndjson|jsonl|csv)$/i;

/** The request's media type: an import type, or a generic one whose ?filename= names the format; else a 415. */
function importType(request: NextRequest, filename: string | undefined): string {
  const type = mediaType(request.headers.get("content-type"));
  if (type && (IMPORT_TYPES.has(type) || (GENERIC_TYPES.has(type) && FORMAT_BY_NAME.test(filename ?? "")))) return type;
  throw new AppError(
    "unsupported_media_type",
    "Send an import as application/json, application/x-ndjson, text/csv or multipart/form-data (text/plain only with a ?filename= ending in .json, .ndjson, .jsonl or .csv).",
  );
}

/** Counts the bytes of the whole request as they pass, and stops it past `limit`. */
function countedBody(body: ReadableStream<Uint8Array>, limit: number, counted: { bytes: number }) {
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        counted.bytes += chunk.byteLength;
        if (counted.bytes > limit) controller.error(payloadTooLarge(limit));
        else controller.enqueue(chunk);
      },
    }),
  );
}

/** The files of a multipart form, all of them together held to `limit`. */
async function formFiles(request: NextRequest, limit: number): Promise<Upload[]> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/;\s*boundary=[^;\s]/i.test(contentType) || !request.body) {
    throw new AppError("bad_request", "The multipart request names no boundary in its content type, or has no body: send a multipart/form-data form.");
  }
  const counted = { bytes: 0 };
  const body = countedBody(request.body, limit, counted);
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": contentType } }).formData();
  } catch {
    if (counted.bytes > limit) throw payloadTooLarge(limit);
    throw new AppError("bad_request", "The multipart body cannot be read: its parts must be separated by the boundary its content type names.");
  }
  const files = [...form.values()].filter((v): v is File => typeof v !== "string");
  if (files.length === 0) throw new AppError("invalid", "The form holds no file.");
  const badNames = files.filter((file) => hasNul(file.name));
  if (badNames.length > 0) {
    throw invalid("A file name cannot be stored.", badNames.map((file) => ({ file: file.name.replaceAll("\u0000", "\\u0000"), field: "filename", message: nulMessage("The file name") })));
  }
  return files.map((file) => ({ name: file.name, contentType: file.type || null, stream: file.stream() }));
}

/**
 * The files of an import request: a raw body (streamed; its name from
 * ?filename=) or a multipart form with one or more files (the admin page
 * sends several scenario files at once that way). Either way the whole
 * request is held to MAX_BODY_BYTES as it streams.
 */
async function uploadsOf(request: NextRequest, filename: string | undefined): Promise<Upload[]> {
  const limit = env().MAX_BODY_BYTES;
  if (Number(request.headers.get("content-length") ?? 0) > limit) throw payloadTooLarge(limit);
  const type = importType(request, filename);
  if (type === "multipart/form-data") return formFiles(request, limit);
  if (!request.body) throw new AppError("invalid", "The request has no body: send the file as the body.");
  return [{ name: filename ?? "upload", contentType: request.headers.get("content-type"), stream: request.body }];
}

/** POST /api/v1/studies/{id}/<kind>. */
export function importRoute(kind: ImportKind) {
  return apiRoute({ roles: ["admin"], params: idParams, query }, async ({ request, user, params: { id }, query: q }) => {
    if (kind === "gold" && q.rater !== undefined) throw invalid("Gold scores have no rater.", [{ field: "rater", message: "Gold scores have no rater: leave rater out." }]);
    const outcome = await runImport({
      kind,
      studyId: id,
      actorId: user.id,
      uploads: await uploadsOf(request, q.filename),
      replace: q.replace === "true" || q.replace === "1" || q.replace === "rated",
      replaceRated: q.replace === "rated",
      raterName: q.rater ?? null,
      dryRun: q.dryRun === "true" || q.dryRun === "1",
      skipInvalid: q.invalid === "skip",
    });
    const { unscored, dryRun, refused, ...counts } = outcome;
    return jsonResponse({
      ...counts,
      ...(kind === "scores" ? { unscored: unscored ?? 0 } : {}),
      refused: refused.length,
      ...(q.invalid === "skip" ? { refusedRecords: refused.slice(0, MAX_REFUSED_LISTED) } : {}),
      ...(dryRun ? { dryRun } : {}),
    });
  });
}

/**
 * GET /api/v1/studies/{id}/imports/{importId}/refused: the records an import
 * with ?invalid=skip refused, as NDJSON (file, line, record, pointer,
 * problems), so they can be fixed and sent again.
 */
export function refusedRecordsRoute() {
  const params = z.object({ id: z.uuid(), importId: z.uuid() });
  return apiRoute({ roles: ["admin"], params, query: z.strictObject({}) }, async ({ params: { id, importId } }) => {
    const refused = await refusedRecordsOf(id, importId);
    const body = refused.map((r) => JSON.stringify(r)).join("\n") + (refused.length > 0 ? "\n" : "");
    return new Response(body, {
      headers: {
        "content-type": "application/x-ndjson; charset=utf-8",
        "content-disposition": `attachment; filename="refused-${importId}.ndjson"`,
      },
    });
  });
}
