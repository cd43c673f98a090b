import "server-only";
import { AppError, invalid } from "@/lib/errors";
import { unstorableParts } from "@/lib/stored-text";

/** The limit of a JSON body unless the route sets its own. */
export const DEFAULT_JSON_BODY_BYTES = 1024 * 1024;
/** For forms of a few short texts (a rating, a skip): far above what they need, far below what hurts. */
export const SMALL_JSON_BODY_BYTES = 64 * 1024;

/** The 413 for a body past its limit; `what` names it ("The upload" for an import). */
export const bodyTooLarge = (limit: number, what = "The request body") =>
  new AppError("payload_too_large", `${what} is larger than the limit of ${limit} bytes.`);

/** The media type of a Content-Type header, lower-cased, without its parameters; null when there is none. */
export function mediaType(contentType: string | null): string | null {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  return type ? type : null;
}

/**
 * Reads a stream to its end, counting bytes as they arrive: past `limit` it
 * stops reading and throws a 413, so an endless or oversized body is never
 * held. A declared Content-Length over the limit is refused before reading.
 */
export async function readBounded(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  if (Number(request.headers.get("content-length") ?? 0) > limit) throw bodyTooLarge(limit);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    bytes += next.value.byteLength;
    if (bytes > limit) {
      void reader.cancel().catch(() => undefined);
      throw bodyTooLarge(limit);
    }
    chunks.push(next.value);
  }
  return Buffer.concat(chunks);
}

/**
 * A JSON request body: `application/json`, at most `limit` bytes, valid
 * UTF-8 and JSON, and no text PostgreSQL cannot store (named by its path).
 */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  if (mediaType(request.headers.get("content-type")) !== "application/json") {
    throw new AppError("unsupported_media_type", "Send the body as JSON with the header content-type: application/json.");
  }
  const bytes = await readBounded(request, limit);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("bad_request", "The request body is not valid UTF-8.");
  }
  if (text.trim() === "") throw new AppError("bad_request", "The request body is empty; send a JSON object.");
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError("bad_request", `The request body is not valid JSON: ${(error as Error).message}`);
  }
  const unstorable = unstorableParts(value);
  if (unstorable.length > 0) throw invalid("The request body holds text that cannot be stored.", unstorable.map(detailOf));
  return value;
}

const detailOf = ({ field, message }: { field: string; message: string }) => (field ? { field, message } : { message });
