/**
 * Whether next-auth's cookies are `Secure` (and named `__Secure-…`/`__Host-…`):
 * when the app's public URL (NEXTAUTH_URL) is https, or when a trusted proxy
 * (TRUST_PROXY=1) says the request came over https. A client's own
 * X-Forwarded-Proto counts for nothing.
 */
export function usesSecureCookies(
  requestHeaders: Pick<Headers, "get">,
  config: { publicUrl: string | undefined; trustProxy: boolean },
): boolean {
  if (config.publicUrl?.startsWith("https://")) return true;
  return config.trustProxy && requestHeaders.get("x-forwarded-proto")?.trim().toLowerCase() === "https";
}
