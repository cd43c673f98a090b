// Runs once when the server starts, before it handles requests.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { trustForwardedHeadersOnlyFromProxy } = await import("@/lib/auth/forwarded-headers");
  // Read directly: lib/env.ts validates the same variable ("0" or "1") on first use.
  trustForwardedHeadersOnlyFromProxy(process.env.TRUST_PROXY === "1");
}
