// A fresh PostgreSQL (embedded, or a new database on DATABASE_URL's server),
// migrated, and the built app serving it over real HTTP.
import type { TestProject } from "vitest/node";
import { freePort } from "../../scripts/db/embedded-postgres";
import { applyMigrations } from "../../scripts/db/migrations";
import { exited, hasBuild, startAppServer, waitForHttp } from "../../scripts/lib/next-server";
import { openTestDatabase } from "../support/test-database";

/** Small enough that a test can send a body over it (413). */
export const INTEGRATION_BODY_LIMIT = 2 * 1024 * 1024;

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  if (!hasBuild()) throw new Error("The integration tests serve the built app: run `npm run build` first (npm test does).");
  const database = await openTestDatabase("tandem_integration");
  await applyMigrations(database.url);

  const { server, baseUrl } = startAppServer(await freePort(), database.url, {
    env: { MAX_BODY_BYTES: String(INTEGRATION_BODY_LIMIT) },
  });
  const serverLog: string[] = [];
  server.stdout?.on("data", (chunk: Buffer) => serverLog.push(chunk.toString()));
  server.stderr?.on("data", (chunk: Buffer) => serverLog.push(chunk.toString()));
  await waitForHttp(`${baseUrl}/sign-in`);

  project.provide("databaseUrl", database.url);
  project.provide("baseUrl", baseUrl);

  return async () => {
    server.kill("SIGTERM");
    await exited(server);
    if (process.env.TANDEM_SHOW_SERVER_LOG) console.log(serverLog.join(""));
    await database.drop();
  };
}
