// A database that exists only for one test run: a new database on the server
// of DATABASE_URL when that is set, else a throwaway embedded cluster.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { freePort, scratchClusterDir, startEmbeddedPostgres } from "../../scripts/db/embedded-postgres";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function openTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const external = process.env.DATABASE_URL;
  if (external) {
    const admin = new pg.Client({ connectionString: external });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(external);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      drop: async () => {
        const client = new pg.Client({ connectionString: external });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await client.end();
      },
    };
  }
  const cluster = await startEmbeddedPostgres({
    dataDir: scratchClusterDir("tandem-test"),
    port: await freePort(),
    persistent: false,
  });
  await cluster.createDatabase(name);
  return { url: cluster.urlFor(name), drop: () => cluster.stop() };
}
