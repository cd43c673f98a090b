// Browser side of an import: one request with upload progress. A single
// file is sent as the raw body (streamed by the server); several go as one
// multipart form (all-or-nothing across the files).
import type { ImportKind } from "@/lib/db/generated/enums";
import type { ErrorDetail } from "@/lib/errors";
import type { RefusedRecord } from "./problems";

export const IMPORT_PATHS = {
  scenarios: "scenarios",
  safety_colliding: "safety-colliding",
  responses: "responses",
  scores: "scores",
  gold: "gold",
} as const satisfies Record<ImportKind, string>;

export type ImportResult =
  | { ok: true; dryRun: boolean; importId: string; counts: Record<string, number>; refusedRecords: RefusedRecord[] }
  | { ok: false; status: number; code: string | null; message: string; details: ErrorDetail[] };

/**
 * The content type to send: from the file's extension first (browsers give
 * .ndjson and .jsonl no type, or a generic one the server refuses), else the
 * browser's type.
 */
const typeOf = (file: File) =>
  /\.csv$/i.test(file.name)
    ? "text/csv"
    : /\.(ndjson|jsonl)$/i.test(file.name)
      ? "application/x-ndjson"
      : /\.json$/i.test(file.name)
        ? "application/json"
        : file.type || "application/json";

export function uploadImport(
  studyId: string,
  kind: ImportKind,
  files: File[],
  options: { replace: boolean | "rated"; rater: string; dryRun?: boolean; skipInvalid?: boolean },
  onProgress: (fraction: number) => void,
): Promise<ImportResult> {
  const query = new URLSearchParams();
  if (options.replace) query.set("replace", options.replace === "rated" ? "rated" : "true");
  if (kind === "scores" && options.rater.trim()) query.set("rater", options.rater.trim());
  if (options.dryRun) query.set("dryRun", "true");
  if (options.skipInvalid) query.set("invalid", "skip");
  const [only] = files;
  if (files.length === 1 && only) query.set("filename", only.name);

  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/v1/studies/${studyId}/${IMPORT_PATHS[kind]}?${query.toString()}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        /* not JSON: reported below */
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const { dryRun, importId, refusedRecords, ...counts } = body as Record<string, number> & { dryRun?: boolean; importId: string; refusedRecords?: RefusedRecord[] };
        resolve({ ok: true, dryRun: dryRun === true, importId, counts, refusedRecords: refusedRecords ?? [] });
        return;
      }
      const error = (body as { error?: { code?: string; message?: string; details?: ErrorDetail[] } } | null)?.error;
      resolve({ ok: false, status: xhr.status, code: error?.code ?? null, message: error?.message ?? `The server answered ${xhr.status}.`, details: error?.details ?? [] });
    };
    xhr.onerror = () => resolve({ ok: false, status: 0, code: null, message: "The upload did not reach the server; check the connection and retry.", details: [] });
    if (files.length === 1 && only) {
      xhr.setRequestHeader("content-type", typeOf(only));
      xhr.send(only);
    } else {
      const form = new FormData();
      for (const file of files) form.append("files", new File([file], file.name, { type: typeOf(file) }));
      xhr.send(form);
    }
  });
}
