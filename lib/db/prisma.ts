import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { env } from "@/lib/env";
import { DatabaseUnavailableError } from "@/lib/errors";
import { isDatabaseUnreachable } from "./unreachable";

function createPrismaClient() {
  // The pool connects on the first query, never at import time.
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: env().DATABASE_URL }) });
  // A query that fails because the database cannot be reached throws one
  // error that says so (a 503 for the API, a clear page), whatever the query.
  // The extension only passes each query through, so the client keeps its
  // type (the extended type would not fit Prisma.TransactionClient).
  const extended = client.$extends({
    query: {
      async $allOperations({ args, query }) {
        try {
          const result: unknown = await query(args);
          return result;
        } catch (error) {
          throw isDatabaseUnreachable(error) ? new DatabaseUnavailableError(error) : error;
        }
      },
    },
  });
  return extended as unknown as PrismaClient;
}

// Next's dev server re-evaluates modules on every change: keep one client
// (and one connection pool) across reloads instead of leaking one each time.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export const prisma = globalForPrisma.prisma ?? createPrismaClient();

if (process.env.NODE_ENV !== "production") globalForPrisma.prisma = prisma;

export { Prisma } from "./generated/client";
