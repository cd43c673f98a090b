// A database outage, on a PostgreSQL and an app server of this file's own:
// while the database is stopped, the API answers 503 with Retry-After and its
// JSON error shape, pages and server actions say the database cannot be
// reached, and a request caught in flight writes nothing. Once the database
// is back, the same app server serves again, without a restart.
import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiToken } from "@/lib/auth/api-token";
import { hashPassword } from "@/lib/auth/password";
import { DATABASE_UNAVAILABLE_DIGEST, DATABASE_UNAVAILABLE_MESSAGE } from "@/lib/errors";
import { freePort, scratchClusterDir, startEmbeddedPostgres, type EmbeddedCluster } from "../../scripts/db/embedded-postgres";
import { applyMigrations } from "../../scripts/db/migrations";
import { exited, startAppServer, waitForHttp } from "../../scripts/lib/next-server";
import { signIn } from "../../scripts/lib/sign-in";
import { scenario } from "../../tests/fixtures/study";
import { builtActions, callAction } from "../../tests/integration/server-actions";

const DATABASE = "tandem_outage";
const ADMIN = { email: "outage-admin@test.tandem", password: "outage admin password" };
const dataDir = scratchClusterDir("tandem-outage");
let pgPort = 0;
let cluster: EmbeddedCluster | undefined;
let server: ChildProcess | undefined;
let appUrl = "";
let databaseUrl = "";
let token = "";
let cookie = "";

/** Starts the cluster in `dataDir` (kept across stops: persistent), creating it the first time. */
async function startDatabase() {
  cluster = await startEmbeddedPostgres({ dataDir, port: pgPort, persistent: true });
}

async function stopDatabase() {
  await cluster?.stop();
  cluster = undefined;
}

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  pgPort = await freePort();
  await startDatabase();
  await cluster?.createDatabase(DATABASE);
  databaseUrl = cluster?.urlFor(DATABASE) ?? "";
  await applyMigrations(databaseUrl);
  const [admin] = await sql<{ id: string }>(
    `INSERT INTO users (id, email, name, role, password_hash) VALUES (gen_random_uuid(), $1, 'Outage admin', 'admin', $2) RETURNING id`,
    [ADMIN.email, await hashPassword(ADMIN.password)],
  );
  const generated = generateApiToken();
  await sql(`INSERT INTO api_tokens (id, user_id, label, token_hash, prefix) VALUES (gen_random_uuid(), $1, 'outage', $2, $3)`, [admin?.id, generated.tokenHash, generated.prefix]);
  token = generated.token;

  const started = startAppServer(await freePort(), databaseUrl);
  server = started.server;
  appUrl = started.baseUrl;
  await waitForHttp(`${appUrl}/sign-in`);
  cookie = await signIn(appUrl, ADMIN.email, ADMIN.password);
});

afterAll(async () => {
  server?.kill("SIGTERM");
  if (server) await exited(server);
  await stopDatabase();
  rmSync(dataDir, { recursive: true, force: true });
});

const withToken = (path: string, init: { method?: string; body?: string } = {}) =>
  fetch(`${appUrl}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } });
const createStudyAction = () => {
  const action = builtActions().get("features/admin/actions.ts#createStudyAction");
  if (!action) throw new Error("createStudyAction is not in the build");
  return action.id;
};
const createStudyByAction = (name: string) =>
  callAction({ baseUrl: appUrl, actionId: createStudyAction(), page: "/admin", fields: { name, description: "" }, headers: { cookie } });

async function expectDatabaseUnavailable(response: Response) {
  expect(response.status).toBe(503);
  expect(response.headers.get("retry-after")).toBe("5");
  expect(await response.json()).toEqual({ error: { code: "database_unavailable", message: DATABASE_UNAVAILABLE_MESSAGE, details: [] } });
}

/** Waits until the app's import is blocked on the study row that `locker` holds. */
async function importWaitingOnLock(locker: pg.Client) {
  for (;;) {
    const { rows } = await locker.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
      [DATABASE],
    );
    if ((rows[0]?.waiting ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("a database outage", () => {
  it("is a 503 with Retry-After for the API, and a clear message on pages and in server actions, until the database is back", async () => {
    expect((await withToken("/api/v1/studies")).status).toBe(200);
    await stopDatabase();

    await expectDatabaseUnavailable(await withToken("/api/v1/studies"));
    await expectDatabaseUnavailable(await withToken("/api/v1/studies", { method: "POST", body: JSON.stringify({ name: "During the outage" }) }));
    // A page cannot answer 503 in Next: it fails with the outage's digest, by
    // which app/global-error.tsx (the header reads the user) says what happened.
    const page = await fetch(`${appUrl}/admin`, { headers: { cookie } });
    expect(page.status).toBe(500);
    expect(await page.text()).toContain(DATABASE_UNAVAILABLE_DIGEST);
    const action = await createStudyByAction("Created during the outage");
    expect(action.state).toEqual({ ok: false, message: DATABASE_UNAVAILABLE_MESSAGE, fieldErrors: {} });

    await startDatabase();
    expect((await withToken("/api/v1/studies")).status).toBe(200);
    const recovered = await fetch(`${appUrl}/admin`, { headers: { cookie } });
    expect(recovered.status).toBe(200);
    expect(await recovered.text()).not.toContain(DATABASE_UNAVAILABLE_MESSAGE);
    expect((await createStudyByAction("Created after the outage")).state).toMatchObject({ ok: true });
    const names = (await sql<{ name: string }>("SELECT name FROM studies")).map((s) => s.name);
    expect(names).toContain("Created after the outage");
    expect(names).not.toContain("During the outage");
    expect(names).not.toContain("Created during the outage");
  });

  it("answers a request caught in flight with a 503 and writes nothing of it; sent again once the database is back, it succeeds", async () => {
    const created = await withToken("/api/v1/studies", { method: "POST", body: JSON.stringify({ name: "Outage import" }) });
    const study = (await created.json()) as { id: string };
    // Hold the study row, so the import waits inside its transaction until the database stops under it.
    const locker = new pg.Client({ connectionString: databaseUrl });
    locker.on("error", () => undefined);
    await locker.connect();
    await locker.query("BEGIN");
    await locker.query("SELECT 1 FROM studies WHERE id = $1 FOR UPDATE", [study.id]);
    const importScenario = () => withToken(`/api/v1/studies/${study.id}/scenarios`, { method: "POST", body: JSON.stringify(scenario("S1")) });
    const inFlight = importScenario();
    await importWaitingOnLock(locker);
    await stopDatabase();
    await expectDatabaseUnavailable(await inFlight);
    await locker.end().catch(() => undefined);

    await startDatabase();
    const written = () => sql<{ scenarios: number; imports: number }>(
      `SELECT (SELECT count(*)::int FROM scenarios WHERE study_id = $1) AS scenarios,
              (SELECT count(*)::int FROM import_batches WHERE study_id = $1 AND status = 'succeeded') AS imports`,
      [study.id],
    );
    expect(await written()).toEqual([{ scenarios: 0, imports: 0 }]);
    const retried = await importScenario();
    expect(retried.status).toBe(200);
    expect(await written()).toEqual([{ scenarios: 1, imports: 1 }]);
  });
});
