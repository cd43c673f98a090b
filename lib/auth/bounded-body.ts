import { AppError } from "@/lib/errors";

/**
 * The whole body of a request, read as a stream and refused (413) as soon as
 * it passes `limitBytes`: a declared Content-Length over the limit is refused
 * before anything is read, a chunked body once the bytes counted pass it.
 */
export async function readBodyWithin(request: Request, limitBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limitBytes) throw bodyTooLarge(limitBytes);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel();
      throw bodyTooLarge(limitBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

const bodyTooLarge = (limitBytes: number) =>
  new AppError("payload_too_large", `The request body is larger than the limit of ${limitBytes} bytes.`);
