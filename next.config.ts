import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Lets a page answer with a real 403 through forbidden() and app/forbidden.tsx.
  experimental: { authInterrupts: true },
  // The pg driver and Prisma's runtime stay plain Node modules on the server.
  serverExternalPackages: ["pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
