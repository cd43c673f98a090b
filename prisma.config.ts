// Used by the Prisma CLI (`prisma generate`, and `prisma migrate deploy` on
// machines where Prisma's native schema engine can be downloaded). On these
// machines migrations run through scripts/migrate.ts instead (see README).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  ...(process.env.DATABASE_URL ? { datasource: { url: process.env.DATABASE_URL } } : {}),
});
