import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/db/generated/client";
import { isDatabaseUnreachable } from "@/lib/db/unreachable";
import { env } from "@/lib/env";
import { DatabaseUnavailableError } from "@/lib/errors";

/**
 * One import is one transaction on one raw `pg` connection: it opens the
 * transaction, stages rows with `COPY … FROM STDIN` (which Prisma cannot
 * send), and commits or rolls back. Prisma queries of the import (the row
 * lock, the checks, the merge, the history entry) go through a Prisma client
 * whose every query runs on that same connection, so they see the staging
 * table and belong to the same transaction.
 */
export interface ImportConnection {
  /** The raw connection: COPY goes through it. */
  client: pg.PoolClient;
  /** Prisma on the same connection and transaction. */
  db: PrismaClient;
}

// Imports of different studies may run side by side; each holds one connection for its whole length.
const MAX_IMPORT_CONNECTIONS = 4;
// How long an import waits for a free connection before it fails.
const CONNECT_TIMEOUT_MS = 30_000;

const globalForImports = globalThis as unknown as { importPool?: pg.Pool };

function importPool(): pg.Pool {
  if (!globalForImports.importPool) {
    const pool = new pg.Pool({
      connectionString: env().DATABASE_URL,
      max: MAX_IMPORT_CONNECTIONS,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      idleTimeoutMillis: 10_000,
    });
    // An idle connection that breaks is dropped by the pool; nothing waits on it.
    pool.on("error", () => undefined);
    globalForImports.importPool = pool;
  }
  return globalForImports.importPool;
}

/**
 * A pg.Pool in name only: every query Prisma sends goes to the one import
 * connection. Prisma wraps some writes in a transaction of its own; inside
 * the import's transaction that becomes a savepoint, so its COMMIT does not
 * end the import and its ROLLBACK undoes only its own statements.
 */
class OneConnection extends pg.Pool {
  private savepoints = 0;

  constructor(private readonly connection: pg.PoolClient) {
    super({ max: 1 });
    // Prisma's adapter sends every query as query(config).
    this.query = ((config: pg.QueryConfig) => connection.query(config)) as pg.Pool["query"];
  }

  override connect(): Promise<pg.PoolClient> {
    const savepoint = `prisma_${++this.savepoints}`;
    const connection = this.connection;
    const nested = {
      query(config: pg.QueryConfig) {
        if (config.text === "BEGIN") return connection.query(`SAVEPOINT ${savepoint}`);
        if (config.text === "COMMIT") return connection.query(`RELEASE SAVEPOINT ${savepoint}`);
        if (config.text === "ROLLBACK") return connection.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
        return connection.query(config);
      },
      on: () => nested,
      removeListener: () => nested,
      release: () => undefined,
    };
    return Promise.resolve(nested as unknown as pg.PoolClient);
  }
}

const unreachable = (error: unknown) => (isDatabaseUnreachable(error) ? new DatabaseUnavailableError(error) : error);

/**
 * Runs `work` inside one transaction on one connection: committed when it
 * returns, rolled back when it throws (a COPY in flight is abandoned first,
 * see `StagingWriter.abort`). A connection left in doubt is discarded.
 */
export async function inImportTransaction<T>(work: (connection: ImportConnection, onAbort: (abort: () => Promise<void>) => void) => Promise<T>): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await importPool().connect();
  } catch (error) {
    throw unreachable(error);
  }
  // A connection error while the import runs fails its current query; this keeps it from being "unhandled".
  const onError = () => undefined;
  client.on("error", onError);
  const db = new PrismaClient({ adapter: new PrismaPg(new OneConnection(client)) });
  const aborts: (() => Promise<void>)[] = [];
  let broken: unknown = undefined;
  try {
    await client.query("BEGIN");
    const result = await work({ client, db }, (abort) => aborts.push(abort));
    await client.query("COMMIT");
    return result;
  } catch (error) {
    try {
      for (const abort of aborts) await abort();
      await client.query("ROLLBACK");
    } catch (rollbackError) {
      broken = rollbackError;
    }
    throw unreachable(error);
  } finally {
    client.removeListener("error", onError);
    await db.$disconnect().catch(() => undefined);
    client.release(broken === undefined ? undefined : broken instanceof Error ? broken : true);
  }
}
