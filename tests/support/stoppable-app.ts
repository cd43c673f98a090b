// The built app on a PostgreSQL of its own, which a test may stop and start
// again under it: for the outage tests (integration and end-to-end). Always an
// embedded cluster, even when DATABASE_URL names a server, since stopping a
// shared server would stop every other test's database.
import { rmSync } from "node:fs";
import pg from "pg";
import { generateApiToken } from "@/lib/auth/api-token";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/roles";
import { freePort, scratchClusterDir, startEmbeddedPostgres, type EmbeddedCluster } from "../../scripts/db/embedded-postgres";
import { applyMigrations } from "../../scripts/db/migrations";
import { exited, startAppServer, waitForHttp } from "../../scripts/lib/next-server";

const DATABASE = "tandem_outage";

export interface StoppableApp {
  baseUrl: string;
  databaseUrl: string;
  /** Stops PostgreSQL as an operator would (fast shutdown: sessions are cut, open transactions roll back). */
  stopDatabase(): Promise<void>;
  startDatabase(): Promise<void>;
  /** One statement on the app's database, which must be running. */
  sql<T extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]>;
  /** A user who can sign in with `password`, and an API token of theirs. */
  addUser(user: { email: string; name: string; role: Role; password: string }): Promise<{ id: string; token: string }>;
  close(): Promise<void>;
}

export async function startStoppableApp(): Promise<StoppableApp> {
  const dataDir = scratchClusterDir("tandem-outage");
  const port = await freePort();
  // Persistent, so that stopping it keeps its files for the next start.
  const start = () => startEmbeddedPostgres({ dataDir, port, persistent: true });
  let cluster: EmbeddedCluster | undefined = await start();
  await cluster.createDatabase(DATABASE);
  const databaseUrl = cluster.urlFor(DATABASE);
  await applyMigrations(databaseUrl);
  const { server, baseUrl } = startAppServer(await freePort(), databaseUrl);
  await waitForHttp(`${baseUrl}/sign-in`);

  async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  return {
    baseUrl,
    databaseUrl,
    stopDatabase: async () => {
      await cluster?.stop();
      cluster = undefined;
    },
    startDatabase: async () => {
      cluster ??= await start();
    },
    sql,
    addUser: async ({ email, name, role, password }) => {
      const [user] = await sql<{ id: string }>(
        `INSERT INTO users (id, email, name, role, password_hash) VALUES (gen_random_uuid(), $1, $2, $3, $4) RETURNING id`,
        [email, name, role, await hashPassword(password)],
      );
      const id = user?.id ?? "";
      // As createUser does: a rater rates as a physician rater of their own.
      if (role === "rater") await sql(`INSERT INTO raters (id, kind, user_id, name) VALUES (gen_random_uuid(), 'physician', $1, $2)`, [id, name]);
      const { token, tokenHash, prefix } = generateApiToken();
      await sql(`INSERT INTO api_tokens (id, user_id, label, token_hash, prefix) VALUES (gen_random_uuid(), $1, 'outage test', $2, $3)`, [id, tokenHash, prefix]);
      return { id, token };
    },
    close: async () => {
      server.kill("SIGTERM");
      await exited(server);
      await cluster?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
