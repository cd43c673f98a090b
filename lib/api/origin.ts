import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The origins the app's own pages run at: NEXTAUTH_URL's, and the one the
 * request was addressed to (its Host, as a browser sends it, so the check
 * holds behind any port or name the app is reached by).
 */
function ownOrigins(request: Request): Set<string> {
  const origins = new Set<string>();
  const configured = env().NEXTAUTH_URL;
  if (configured) origins.add(new URL(configured).origin);
  const host = request.headers.get("host");
  if (host) {
    origins.add(`http://${host}`);
    origins.add(`https://${host}`);
  }
  return origins;
}

/**
 * A browser sends the session cookie with any site's form or fetch, so a
 * write authenticated by the cookie must come from the app's own pages: an
 * Origin of the app's own, or, where a browser sends no Origin, fetch
 * metadata saying same-origin. Reads change nothing and pass.
 */
export function assertSameOriginWrite(request: Request): void {
  if (READS.has(request.method)) return;
  const origin = request.headers.get("origin");
  const sameOrigin = origin === null ? request.headers.get("sec-fetch-site") === "same-origin" : ownOrigins(request).has(origin);
  if (!sameOrigin) {
    throw new AppError(
      "cross_origin",
      "This write comes from another site (its Origin is not this app's), so the session cookie does not authorise it. Use the app's own pages, or an API token.",
    );
  }
}
