// Signs in over plain HTTP as a browser does (next-auth's credentials flow),
// for benchmarks and tests that act with a session cookie rather than an API token.

/** The `Cookie` header of a session signed in as `email`. */
export async function sessionCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = response.headers.getSetCookie().find((c) => c.includes("session-token"));
  if (!session) throw new Error(`Sign-in failed: ${response.status}`);
  return `${cookies}; ${session.split(";")[0] ?? ""}`;
}
