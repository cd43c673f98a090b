// Server actions called over HTTP as the browser calls them: a POST to a page
// that uses the action, with the action's id (from the build) in the
// Next-Action header and the arguments encoded as React encodes them.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ActionState } from "@/lib/action-state";
import { projectRoot } from "../support/source-files";

export interface BuiltAction {
  id: string;
  /** Source file, relative to the project root. */
  file: string;
  exportedName: string;
  /** The pages (as app/…/page) whose bundle holds the action: one of them receives the POST. */
  pages: string[];
}

interface ServerReferenceManifest {
  node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
}

/** Every server action of the build, by `file#exportedName`. */
export function builtActions(): Map<string, BuiltAction> {
  const manifestPath = path.join(projectRoot, ".next/server/server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as ServerReferenceManifest;
  const actions = new Map<string, BuiltAction>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (!entry.filename || !entry.exportedName) continue;
    actions.set(`${entry.filename}#${entry.exportedName}`, { id, file: entry.filename, exportedName: entry.exportedName, pages: Object.keys(entry.workers) });
  }
  return actions;
}

export interface ActionCall {
  baseUrl: string;
  actionId: string;
  /** The page path to POST to, e.g. /admin. */
  page: string;
  fields: Record<string, string | string[]>;
  headers?: Record<string, string>;
}

/**
 * Calls a `formAction` as useActionState does — action(previousState, formData)
 * — and returns the state the action answered with (null when the response
 * holds none).
 */
export async function callAction<T = unknown>(call: ActionCall): Promise<{ status: number; state: ActionState<T>; text: string }> {
  // React's encoding of the arguments [null, formData]: the form's fields
  // prefixed with the part id "_1_", and the argument list as part "0".
  const body = new FormData();
  for (const [name, value] of Object.entries(call.fields)) {
    for (const one of Array.isArray(value) ? value : [value]) body.append(`_1_${name}`, one);
  }
  body.append("0", JSON.stringify([null, "$K1"]));
  const response = await fetch(`${call.baseUrl}${call.page}`, {
    method: "POST",
    redirect: "manual",
    headers: { accept: "text/x-component", "next-action": call.actionId, origin: call.baseUrl, ...call.headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, state: actionState<T>(text), text };
}

/** The action's return value in the RSC payload: the row `1:{…}` that `0:{"a":"$@1",…}` points to. */
function actionState<T>(payload: string): ActionState<T> {
  const head = /^0:(.*)$/m.exec(payload)?.[1];
  const reference = head ? /"a":"\$@([0-9a-f]+)"/.exec(head)?.[1] : undefined;
  if (reference === undefined) return null;
  const row = new RegExp(`^${reference}:(.*)$`, "m").exec(payload)?.[1];
  return row ? (JSON.parse(row) as ActionState<T>) : null;
}
