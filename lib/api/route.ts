import "server-only";
import type { NextRequest } from "next/server";
import { z } from "zod";
import { bearerToken } from "@/lib/auth/api-token";
import { getCurrentUser, PASSWORD_CHANGE_DUE } from "@/lib/auth/session";
import { forbidden, invalid, notFound, unauthorized } from "@/lib/errors";
import { hasRole, type Role } from "@/lib/roles";
import { findUserByApiToken, type SessionUser } from "@/lib/auth/identity";
import { hasNul, nulMessage } from "@/lib/stored-text";
import { DEFAULT_JSON_BODY_BYTES, readJsonBody } from "./body";
import { toErrorResponse } from "./error-response";
import { assertSameOriginWrite } from "./origin";

const NO_QUERY = z.strictObject({});

interface RouteContext {
  params: Promise<Record<string, string | string[] | undefined>>;
}

interface RouteSchemas<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  /** Who may call the route; checked before anything else is read. */
  roles: readonly Role[];
  /** Path parameters. A value that fails it names nothing, so it is a 404. */
  params?: P;
  query?: Q;
  /** A JSON body. Routes that stream their body read `request` themselves. */
  body?: B;
  /** The largest JSON body read, in bytes (default 1 MiB); a larger one is a 413 before it is read whole. */
  maxBodyBytes?: number;
}

interface HandlerInput<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  request: NextRequest;
  user: SessionUser;
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
}

/**
 * Every route handler goes through here: authenticate (Bearer token, or the
 * session cookie for writes from the app's own pages only), check the role,
 * validate input with zod (no query value or body text may hold U+0000,
 * which PostgreSQL refuses), run, and map errors to the API's error shape.
 */
export function apiRoute<
  P extends z.ZodType = z.ZodUnknown,
  Q extends z.ZodType = z.ZodUnknown,
  B extends z.ZodType = z.ZodUnknown,
>(schemas: RouteSchemas<P, Q, B>, handler: (input: HandlerInput<P, Q, B>) => Promise<unknown>) {
  return async (request: NextRequest, context: RouteContext): Promise<Response> => {
    try {
      const user = await authenticate(request);
      if (!hasRole(user.role, schemas.roles)) throw forbidden();
      const params = schemas.params ? parseParams(schemas.params, await context.params) : undefined;
      // A route without a query schema takes no parameters: one sent anyway is a 422 naming it, never silently ignored.
      const query = (schemas.query ?? NO_QUERY).parse(queryValues(request));
      const body = schemas.body ? schemas.body.parse(await readJsonBody(request, schemas.maxBodyBytes ?? DEFAULT_JSON_BODY_BYTES)) : undefined;
      const result = await handler({
        request,
        user,
        params: params as z.output<P>,
        query: query as z.output<Q>,
        body: body as z.output<B>,
      });
      return result instanceof Response ? result : jsonResponse(result);
    } catch (error) {
      const { status, body, headers: errorHeaders } = toErrorResponse(error);
      // A refused request's body may be left partly unread on the connection
      // (a 413 stops reading it): close the connection rather than read on.
      const headers = { ...errorHeaders, ...(request.body ? { connection: "close" } : {}) };
      return jsonResponse(body, { status, headers });
    }
  };
}

/**
 * A Bearer token's owner, or the session's user for a read or a write from
 * the app's own origin. A session whose password was reset reaches nothing
 * until a new one is chosen; API tokens keep working (they are credentials of
 * their own, revoked on their own).
 */
async function authenticate(request: NextRequest): Promise<SessionUser> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const token = bearerToken(authorization);
    const user = token ? await findUserByApiToken(token) : null;
    if (!user) throw unauthorized("The API token is missing, malformed, revoked or unknown.");
    return user;
  }
  const user = await getCurrentUser();
  if (!user) throw unauthorized();
  assertSameOriginWrite(request);
  if (user.mustChangePassword) throw forbidden(PASSWORD_CHANGE_DUE);
  return user;
}

/** Below this many bytes a JSON answer is sent uncompressed. */
const COMPRESS_FROM_BYTES = 1024;

/**
 * A JSON response; route handlers answer with it (or a plain value, which
 * apiRoute sends the same way) rather than NextResponse.json. Next gzips
 * every response of unknown length (it drops a Content-Length a handler
 * sets), so an answer under 1 KiB says `Cache-Control: no-transform`, which
 * Next's compression obeys: gzipping a few hundred bytes costs more CPU than
 * it saves. Larger answers are compressed as before.
 */
export function jsonResponse(value: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  // A handler that returns nothing answers JSON null, not a 500 from measuring an undefined body.
  const text = JSON.stringify(value ?? null);
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json");
  if (Buffer.byteLength(text) < COMPRESS_FROM_BYTES) headers.set("cache-control", [headers.get("cache-control"), "no-transform"].filter(Boolean).join(", "));
  return new Response(text, { status: init.status ?? 200, headers });
}

/** The query string's values; one holding U+0000 is refused by name. */
function queryValues(request: NextRequest): Record<string, string> {
  const values = Object.fromEntries(request.nextUrl.searchParams);
  const withNul = Object.keys(values).filter((key) => hasNul(values[key] ?? ""));
  if (withNul.length > 0) {
    throw invalid("The query holds text that cannot be stored.", withNul.map((field) => ({ field, message: nulMessage(field) })));
  }
  return values;
}

function parseParams<P extends z.ZodType>(schema: P, raw: Record<string, unknown>): z.output<P> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success || Object.values(raw).some((value) => typeof value === "string" && hasNul(value))) throw notFound("The resource");
  return parsed.data;
}
