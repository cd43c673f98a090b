import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import { bearerToken } from "@/lib/auth/api-token";
import { getCurrentUser } from "@/lib/auth/session";
import { AppError, forbidden, notFound, unauthorized } from "@/lib/errors";
import { hasRole, type Role } from "@/lib/roles";
import { findUserByApiToken, type SessionUser } from "@/lib/auth/identity";
import { toErrorResponse } from "./error-response";

const MAX_JSON_BODY_BYTES = 1024 * 1024;

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
 * session cookie for the app's own pages), check the role, validate input
 * with zod, run, and map errors to DESIGN §6's shape.
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
      const query = schemas.query ? schemas.query.parse(Object.fromEntries(request.nextUrl.searchParams)) : undefined;
      const body = schemas.body ? schemas.body.parse(await readJsonBody(request)) : undefined;
      const result = await handler({
        request,
        user,
        params: params as z.output<P>,
        query: query as z.output<Q>,
        body: body as z.output<B>,
      });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (error) {
      const { status, body, headers } = toErrorResponse(error);
      return NextResponse.json(body, { status, headers });
    }
  };
}

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
  return user;
}

function parseParams<P extends z.ZodType>(schema: P, raw: unknown): z.output<P> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw notFound("The resource");
  return parsed.data;
}

async function readJsonBody(request: NextRequest): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_JSON_BODY_BYTES) throw tooLarge();
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_JSON_BODY_BYTES) throw tooLarge();
  if (text.trim() === "") throw new AppError("bad_request", "The request body is empty; send a JSON object.");
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError("bad_request", `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

const tooLarge = () =>
  new AppError("payload_too_large", `The JSON body is larger than ${MAX_JSON_BODY_BYTES} bytes.`);
