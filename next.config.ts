import type { NextConfig } from "next";

// Everything the pages load comes from the app itself. Next's bootstrap
// scripts are inline (so 'unsafe-inline' scripts), and the charts set inline
// styles; nothing may frame the app.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join("; ");

const SECURITY_HEADERS = [
  { key: "Content-Security-Policy", value: CONTENT_SECURITY_POLICY },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
];

const nextConfig: NextConfig = {
  // Lets a page answer with a real 403 through forbidden() and app/forbidden.tsx.
  experimental: { authInterrupts: true },
  // The pg driver and Prisma's adapter stay plain Node modules on the server;
  // @prisma/debug too, so the import code clears the same history the adapter
  // writes to (features/import/staging.ts), not a bundled copy.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "@prisma/driver-adapter-utils", "@prisma/debug"],
  poweredByHeader: false,
  typedRoutes: false,
  // On every response: pages, API routes and static files.
  headers: () => Promise.resolve([{ source: "/:path*", headers: SECURITY_HEADERS }]),
};

export default nextConfig;
