// Sign-in and sign-out over HTTP as the browser does them: a CSRF token from
// next-auth, then its form posted with the CSRF cookie.
import { baseUrl } from "./helpers";

/** The `name=value` pairs of a response's Set-Cookie headers, as one Cookie header. */
export function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .join("; ");
}

export interface Csrf {
  csrfToken: string;
  cookie: string;
}

export async function csrf(options: { headers?: Record<string, string>; base?: string } = {}): Promise<Csrf> {
  const response = await fetch(`${options.base ?? baseUrl()}/api/auth/csrf`, { headers: options.headers ?? {} });
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { csrfToken, cookie: cookiesOf(response) };
}

/** One sign-in attempt as next-auth's client sends it (`json=true`: the answer is `{ url }`). */
export function postSignIn(
  email: string,
  password: string,
  options: { csrf: Csrf; json?: boolean; headers?: Record<string, string>; base?: string },
): Promise<Response> {
  const form = new URLSearchParams({ csrfToken: options.csrf.csrfToken, email, password, callbackUrl: "/" });
  if (options.json ?? true) form.set("json", "true");
  return fetch(`${options.base ?? baseUrl()}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: options.csrf.cookie, ...options.headers },
    body: form,
  });
}

/** Signs in and returns the browser's cookies (CSRF and session) as one Cookie header. */
export async function signIn(email: string, password: string): Promise<string> {
  const token = await csrf();
  const response = await postSignIn(email, password, { csrf: token });
  const session = response.headers.getSetCookie().find((c) => c.includes("session-token"));
  if (response.status !== 200 || !session) throw new Error(`Sign-in of ${email} answered ${response.status}, no session cookie.`);
  return `${token.cookie}; ${session.split(";")[0] ?? ""}`;
}

/** Signs out the session of `cookie` as the sign-out button does. */
export async function signOut(cookie: string): Promise<Response> {
  const { csrfToken } = (await (await fetch(`${baseUrl()}/api/auth/csrf`, { headers: { cookie } })).json()) as { csrfToken: string };
  return fetch(`${baseUrl()}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken, callbackUrl: "/sign-in", json: "true" }),
  });
}
