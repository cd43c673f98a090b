// Which database a command works on: DATABASE_URL when set, otherwise the
// embedded cluster under .data/ (started for the command if `npm start` is
// not already running it).
import { existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedCluster } from "../db/embedded-postgres";

export const projectRoot = path.resolve(import.meta.dirname, "../..");
export const dataDir = path.join(projectRoot, ".data");
const clusterDir = path.join(dataDir, "postgres");
const DATABASE = "tandem";
const EMBEDDED_PORT = Number(process.env.EMBEDDED_PG_PORT ?? 54329);

export interface Database {
  url: string;
  embedded: boolean;
  /** Stops the embedded cluster if this process started it. */
  release(): Promise<void>;
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function openDatabase(log: (message: string) => void = console.log): Promise<Database> {
  const external = process.env.DATABASE_URL;
  const nothingToRelease = () => Promise.resolve();
  if (external) return { url: external, embedded: false, release: nothingToRelease };

  const url = `postgresql://tandem:tandem@127.0.0.1:${EMBEDDED_PORT}/${DATABASE}`;
  if (existsSync(path.join(clusterDir, "postmaster.pid")) && (await reachable(url))) {
    return { url, embedded: true, release: nothingToRelease };
  }
  log(`Starting the embedded PostgreSQL in ${path.relative(projectRoot, clusterDir)}/ on port ${EMBEDDED_PORT}…`);
  const cluster: EmbeddedCluster = await startEmbeddedPostgres({
    dataDir: clusterDir,
    port: EMBEDDED_PORT,
    persistent: true,
  });
  await cluster.createDatabase(DATABASE);
  return { url, embedded: true, release: () => cluster.stop() };
}
