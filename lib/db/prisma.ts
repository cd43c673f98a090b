import "server-only";
import { hash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";
import { env } from "@/lib/env";
import { DatabaseUnavailableError } from "@/lib/errors";
import { isDatabaseUnreachable } from "./unreachable";

/** A query that fails because the database cannot be reached throws one error that says so (a 503 for the API, a clear page). */
const asOutage = (error: unknown) => (isDatabaseUnreachable(error) ? new DatabaseUnavailableError(error) : error);

function createPool() {
  // The pool connects on the first query, never at import time. Idle
  // connections do not keep a script's process alive (Prisma's $disconnect
  // leaves a pool it was given open), and a connection that dies while idle
  // is only dropped from the pool.
  const pool = new pg.Pool({ connectionString: env().DATABASE_URL, allowExitOnIdle: true });
  pool.on("error", () => undefined);
  return pool;
}

function createPrismaClient(pool: pg.Pool) {
  const client = new PrismaClient({ adapter: new PrismaPg(pool) });
  // The extension only passes each query through, so the client keeps its
  // type (the extended type would not fit Prisma.TransactionClient).
  const extended = client.$extends({
    query: {
      async $allOperations({ args, query }) {
        try {
          const result: unknown = await query(args);
          return result;
        } catch (error) {
          throw asOutage(error);
        }
      },
    },
  });
  return extended as unknown as PrismaClient;
}

// Next's dev server re-evaluates modules on every change: keep one client
// (and one connection pool) across reloads instead of leaking one each time.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient; pool?: pg.Pool };

const pool = globalForPrisma.pool ?? createPool();
export const prisma = globalForPrisma.prisma ?? createPrismaClient(pool);

if (process.env.NODE_ENV !== "production") Object.assign(globalForPrisma, { prisma, pool });

/**
 * The name a text is prepared under: `name` and a hash of the text. A
 * connection refuses a known name with another text, which happens when a
 * statement is edited while the development server keeps its pool.
 */
const statementNames = new Map<string, string>();
function statementName(name: string, text: string): string {
  let named = statementNames.get(text);
  if (named === undefined) {
    named = `${name}_${hash("sha1", text).slice(0, 12)}`;
    statementNames.set(text, named);
  }
  return named;
}

/**
 * One fixed statement sent straight to the pool Prisma uses, prepared once
 * per connection, in a transaction of its own. Only for the statements where
 * Prisma's own work per query costs more than the query and they run on every
 * request or every item: finding who sends a request, a rater's claim and
 * first rating (each one SQL function call). Everything else goes through
 * `prisma`.
 */
export async function preparedQuery<Row extends pg.QueryResultRow>(name: string, text: string, values: unknown[]): Promise<Row[]> {
  try {
    return (await pool.query<Row>({ name: statementName(name, text), text, values })).rows;
  } catch (error) {
    throw asOutage(error);
  }
}

export { Prisma } from "./generated/client";
