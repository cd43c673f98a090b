import "server-only";
import NextAuth from "next-auth";
import { NextRequest, NextResponse } from "next/server";
import { toErrorResponse } from "@/lib/api/error-response";
import { mediaType, readBounded } from "@/lib/api/body";
import { AppError, invalid } from "@/lib/errors";
import { hasNul } from "@/lib/stored-text";
import { clientAddressKey } from "./client-address";
import { authOptionsFor } from "./options";
import { signInRefusalError, signInRefusalMessage, type SignInRefusal } from "./sign-in-refusal";
import { beginSignInAttempt } from "./sign-in-throttle";

/** next-auth's forms (sign-in, sign-out) are a few hundred bytes; nothing legitimate comes near this. */
export const AUTH_BODY_LIMIT_BYTES = 16 * 1024;

const FORM_TYPE = "application/x-www-form-urlencoded";
/** The longest email address RFC 5321 allows. */
const MAX_EMAIL_LENGTH = 320;

interface AuthRouteContext {
  params: Promise<{ nextauth: string[] }>;
}

const nextAuth = NextAuth as (request: NextRequest, context: AuthRouteContext, options: ReturnType<typeof authOptionsFor>) => Promise<Response>;

/**
 * next-auth's routes, behind two guards: a POST body is read only up to
 * AUTH_BODY_LIMIT_BYTES (413 beyond), and a password sign-in is counted, and
 * refused with a 429 while its account or address is throttled, before
 * next-auth checks the password (lib/auth/throttle-policy.ts).
 */
export async function handleAuthRequest(request: NextRequest, context: AuthRouteContext): Promise<Response> {
  const options = authOptionsFor(request.headers);
  if (request.method !== "POST") return nextAuth(request, context, options);
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await readBounded(request, AUTH_BODY_LIMIT_BYTES);
  } catch (error) {
    return errorResponse(error);
  }
  const { nextauth } = await context.params;
  const isCredentialsCallback = nextauth[0] === "callback" && nextauth[1] === "credentials";
  if (isCredentialsCallback) {
    // The throttle must read the fields exactly as next-auth will: a password
    // sign-in is a URL-encoded form and nothing else (next-auth would also take
    // JSON, which would then pass the throttle unread).
    if (mediaType(request.headers.get("content-type")) !== FORM_TYPE) {
      return errorResponse(new AppError("unsupported_media_type", `A sign-in is sent as ${FORM_TYPE}.`));
    }
    const form = Object.fromEntries(new URLSearchParams(new TextDecoder().decode(body)));
    if (form.email && form.password) {
      if (hasNul(form.email) || hasNul(form.password) || form.email.length > MAX_EMAIL_LENGTH) {
        return errorResponse(invalid("The sign-in is not valid.", [{ field: "email", message: "Enter a valid email address." }]));
      }
      try {
        const refusal = await beginSignInAttempt(form.email, clientAddressKey(request.headers.get("x-forwarded-for")));
        if (refusal) return tooManyAttempts(refusal, form.json === "true", request);
      } catch (error) {
        return errorResponse(error);
      }
    }
  }
  const headers = new Headers(request.headers);
  headers.delete("content-length");
  headers.delete("transfer-encoding");
  // next-auth picks its parser by searching the content type for "json"; a
  // sign-in goes on as exactly the form the throttle read, never as JSON.
  if (isCredentialsCallback) headers.set("content-type", FORM_TYPE);
  return nextAuth(new NextRequest(request.url, { method: "POST", headers, body }), context, options);
}

/**
 * 429 with Retry-After. next-auth's client (`json=true`) reads `{ url }` and
 * hands the form the URL's `error`; other clients get the API's error body.
 */
function tooManyAttempts(refusal: SignInRefusal, forNextAuthClient: boolean, request: NextRequest): Response {
  const headers = { "retry-after": String(refusal.retryAfterSeconds) };
  if (forNextAuthClient) {
    const url = new URL("/sign-in", request.nextUrl.origin);
    url.searchParams.set("error", signInRefusalError(refusal));
    return NextResponse.json({ url: url.toString() }, { status: 429, headers });
  }
  const { status, body } = toErrorResponse(new AppError("too_many_requests", signInRefusalMessage(refusal)));
  return NextResponse.json(body, { status, headers });
}

function errorResponse(error: unknown): Response {
  const { status, body, headers } = toErrorResponse(error);
  return NextResponse.json(body, { status, headers });
}
