// A database outage, on a PostgreSQL and an app server of this file's own:
// while the database is stopped, the API answers 503 with Retry-After and its
// JSON error shape, pages and server actions say the database cannot be
// reached, and a request caught in flight writes nothing. Once the database
// is back, the same app server serves again, without a restart.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_UNAVAILABLE_DIGEST, DATABASE_UNAVAILABLE_MESSAGE } from "@/lib/errors";
import { sessionCookie } from "@/scripts/lib/sign-in";
import { scenario } from "@/tests/fixtures/study";
import { builtActions, callAction } from "@/tests/integration/server-actions";
import { startStoppableApp, type StoppableApp } from "@/tests/support/stoppable-app";

const ADMIN = { email: "outage-admin@test.tandem", name: "Outage admin", role: "admin", password: "outage admin password" } as const;
let app: StoppableApp;
let token = "";
let cookie = "";

beforeAll(async () => {
  app = await startStoppableApp();
  token = (await app.addUser(ADMIN)).token;
  cookie = await sessionCookie(app.baseUrl, ADMIN.email, ADMIN.password);
});

afterAll(() => app.close());

const withToken = (path: string, init: { method?: string; body?: string } = {}) =>
  fetch(`${app.baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } });

function createStudyByAction(name: string) {
  const action = builtActions().get("features/admin/actions.ts#createStudyAction");
  if (!action) throw new Error("createStudyAction is not in the build");
  return callAction({ baseUrl: app.baseUrl, actionId: action.id, page: "/admin", fields: { name, description: "" }, headers: { cookie } });
}

async function expectDatabaseUnavailable(response: Response) {
  expect(response.status).toBe(503);
  expect(response.headers.get("retry-after")).toBe("5");
  expect(await response.json()).toEqual({ error: { code: "database_unavailable", message: DATABASE_UNAVAILABLE_MESSAGE, details: [] } });
}

/**
 * Waits until some session of the app's database is blocked on a lock. `client` may be inside a
 * transaction, which would see one snapshot of pg_stat_activity throughout: each look clears it.
 */
async function someoneWaitsOnALock(client: pg.Client) {
  for (;;) {
    await client.query("SELECT pg_stat_clear_snapshot()");
    const { rows } = await client.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if ((rows[0]?.waiting ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("a database outage", () => {
  it("is a 503 with Retry-After for the API, and a clear message on pages and in server actions, until the database is back", async () => {
    expect((await withToken("/api/v1/studies")).status).toBe(200);
    await app.stopDatabase();

    await expectDatabaseUnavailable(await withToken("/api/v1/studies"));
    await expectDatabaseUnavailable(await withToken("/api/v1/studies", { method: "POST", body: JSON.stringify({ name: "During the outage" }) }));
    // A page cannot answer 503 in Next: it fails with the outage's digest, by
    // which app/global-error.tsx (the header reads the user) says what happened.
    const page = await fetch(`${app.baseUrl}/admin`, { headers: { cookie } });
    expect(page.ok).toBe(false);
    expect(await page.text()).toContain(DATABASE_UNAVAILABLE_DIGEST);
    const action = await createStudyByAction("Created during the outage");
    expect(action.state).toEqual({ ok: false, message: DATABASE_UNAVAILABLE_MESSAGE, fieldErrors: {} });

    await app.startDatabase();
    expect((await withToken("/api/v1/studies")).status).toBe(200);
    const recovered = await fetch(`${app.baseUrl}/admin`, { headers: { cookie } });
    expect(recovered.status).toBe(200);
    expect(await recovered.text()).not.toContain(DATABASE_UNAVAILABLE_DIGEST);
    expect((await createStudyByAction("Created after the outage")).state).toMatchObject({ ok: true });
    const names = (await app.sql<{ name: string }>("SELECT name FROM studies")).map((s) => s.name);
    expect(names).toContain("Created after the outage");
    expect(names).not.toContain("During the outage");
    expect(names).not.toContain("Created during the outage");
  });

  it("answers a request caught in flight with a 503 and writes nothing of it; sent again once the database is back, it succeeds", async () => {
    const created = await withToken("/api/v1/studies", { method: "POST", body: JSON.stringify({ name: "Outage import" }) });
    const study = (await created.json()) as { id: string };
    // Hold the study row, so the import waits inside its transaction until the database stops under it.
    const locker = new pg.Client({ connectionString: app.databaseUrl });
    locker.on("error", () => undefined);
    await locker.connect();
    await locker.query("BEGIN");
    await locker.query("SELECT 1 FROM studies WHERE id = $1 FOR UPDATE", [study.id]);
    const importScenario = () => withToken(`/api/v1/studies/${study.id}/scenarios`, { method: "POST", body: JSON.stringify(scenario("S1")) });
    const inFlight = importScenario();
    await someoneWaitsOnALock(locker);
    await app.stopDatabase();
    await expectDatabaseUnavailable(await inFlight);
    await locker.end().catch(() => undefined);

    await app.startDatabase();
    const written = () =>
      app.sql<{ scenarios: number; imports: number }>(
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
