import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Lets a page answer with a real 403 through forbidden() and app/forbidden.tsx.
  experimental: { authInterrupts: true },
  // The pg driver and Prisma's adapter stay plain Node modules on the server;
  // @prisma/debug too, so the import code clears the same history the adapter
  // writes to (features/import/staging.ts), not a bundled copy.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "@prisma/driver-adapter-utils", "@prisma/debug"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
