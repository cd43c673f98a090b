import { randomBytes } from "node:crypto";
import http from "node:http";
import { inject } from "vitest";
import type { Role } from "@/lib/roles";
import { createStudy } from "@/features/studies/service";
import { createApiToken, createUser } from "@/features/users/service";
import { newTokenSchema, newUserSchema } from "@/features/users/schemas";

export const baseUrl = () => inject("baseUrl");

export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

/** A new user of `role` with an API token, for acting over HTTP. */
export async function userWithToken(role: Role) {
  const email = `${unique(role)}@test.tandem`;
  const password = "correct horse battery";
  const user = await createUser(newUserSchema.parse({ email, name: `Test ${role}`, role, password }));
  const { token, id: tokenId } = await createApiToken(newTokenSchema.parse({ email, label: "test" }));
  return { user, email, password, token, tokenId };
}

export interface ApiResult<T = unknown> {
  status: number;
  body: T;
  contentType: string | null;
}

/**
 * One request to the running app, over real HTTP. A `body` is sent as
 * `application/json` unless `type` names another content type.
 */
export async function api<T = unknown>(
  path: string,
  options: { method?: string; token?: string; authorization?: string; json?: unknown; body?: string; type?: string; headers?: Record<string, string> } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  let body = options.body;
  if (options.json !== undefined) body = JSON.stringify(options.json);
  if (body !== undefined) headers["content-type"] = options.type ?? "application/json";
  const response = await fetch(`${baseUrl()}${path}`, { method: options.method ?? "GET", headers, body: body ?? null });
  const contentType = response.headers.get("content-type");
  const text = await response.text();
  const parsed: unknown = contentType?.includes("application/json") && text ? JSON.parse(text) : text;
  return { status: response.status, body: parsed as T, contentType };
}

export interface ApiErrorBody {
  error: { code: string; message: string; details: { file?: string; line?: number; field?: string; message: string }[] };
}

/**
 * POSTs an upload to one of a study's import routes (`kind`: scenarios,
 * responses, scores …) with `token`. Without `type` fetch sets the content
 * type itself (a multipart form's boundary).
 */
export async function postImport<T = Record<string, unknown> & Partial<ApiErrorBody>>(
  token: string,
  studyId: string,
  kind: string,
  body: BodyInit,
  type?: string | null,
  query = "",
): Promise<ApiResult<T>> {
  const response = await fetch(`${baseUrl()}/api/v1/studies/${studyId}/${kind}${query}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, ...(type ? { "content-type": type } : {}) },
    body,
  });
  return { status: response.status, body: (await response.json()) as T, contentType: response.headers.get("content-type") };
}

/** A new, empty study created by `admin`, its name made unique; returns its id. */
export async function newStudy(admin: { user: { id: string } }, name: string): Promise<string> {
  return (await createStudy({ name: unique(name) }, admin.user.id)).id;
}

export interface StreamedAnswer {
  status: number;
  body: ApiErrorBody;
  /** Whether the whole body had been sent when the answer came. */
  bodyEnded: boolean;
}

/**
 * POSTs `body` chunked (no Content-Length), 64 KiB at a time, each chunk
 * written before the next, and stops sending as soon as the server answers.
 * With `pauseAfter` it sends that many bytes (a limit and a little more),
 * then sends no more until the server answers: a server that refuses a body
 * part-way closes the connection, and bytes still arriving then are met by a
 * reset that can reach the client before the refusal does.
 */
export function streamUntilAnswered(path: string, headers: Record<string, string>, body: Uint8Array, pauseAfter = Infinity): Promise<StreamedAnswer> {
  const CHUNK = 64 * 1024;
  return new Promise((resolve, reject) => {
    const state = { answered: false, bodyEnded: false };
    const request = http.request(`${baseUrl()}${path}`, { method: "POST", headers: { ...headers, "transfer-encoding": "chunked" } });
    const answer = new Promise<void>((done) => {
      request.on("response", (response) => {
        state.answered = true;
        done();
        const parts: Buffer[] = [];
        response.on("data", (part: Buffer) => parts.push(part));
        response.on("end", () => {
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString()) as ApiErrorBody, bodyEnded: state.bodyEnded });
          request.destroy();
        });
      });
    });
    request.on("error", (error) => {
      if (!state.answered) reject(error);
    });
    void (async () => {
      for (let sent = 0; sent < body.length && !state.answered; sent += CHUNK) {
        if (sent >= pauseAfter) await answer;
        else await Promise.race([new Promise((written) => request.write(body.subarray(sent, sent + CHUNK), written)), answer]);
      }
      if (!state.answered) {
        state.bodyEnded = true;
        request.end();
      }
    })();
  });
}
