// A database outage, on a PostgreSQL and an app server of this file's own:
// while the database is stopped, the API answers 503 with Retry-After and its
// JSON error shape, pages and server actions say the database cannot be
// reached, and a request caught in flight writes nothing. Once the database
// is back, the same app server serves again, without a restart.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_UNAVAILABLE_DIGEST, DATABASE_UNAVAILABLE_MESSAGE } from "@/lib/errors";
import { sessionCookie } from "@/scripts/lib/sign-in";
import { answer, scenario } from "@/tests/fixtures/study";
import { rating } from "@/tests/integration/queues";
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

/**
 * Holds `studyId`'s row in a transaction of its own, starts `request` (which waits on the row inside its own
 * statement or transaction), stops the database under it and expects a 503; the database is back after.
 */
async function stoppedUnder(studyId: string, request: () => Promise<Response>) {
  const locker = new pg.Client({ connectionString: app.databaseUrl });
  locker.on("error", () => undefined);
  await locker.connect();
  await locker.query("BEGIN");
  await locker.query("SELECT 1 FROM studies WHERE id = $1 FOR UPDATE", [studyId]);
  const inFlight = request();
  await someoneWaitsOnALock(locker);
  await app.stopDatabase();
  await expectDatabaseUnavailable(await inFlight);
  await locker.end().catch(() => undefined);
  await app.startDatabase();
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
    const importScenario = () => withToken(`/api/v1/studies/${study.id}/scenarios`, { method: "POST", body: JSON.stringify(scenario("S1")) });
    // The import waits on the study row inside its transaction until the database stops under it.
    await stoppedUnder(study.id, importScenario);
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

  it("answers a claim and a first rating caught in flight (each one statement sent without Prisma) with a 503; neither is kept, and each succeeds sent again", async () => {
    const post = (path: string, body: unknown) => withToken(path, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) });
    const study = (await (await post("/api/v1/studies", { name: "Outage queue" })).json()) as { id: string };
    expect((await post(`/api/v1/studies/${study.id}/scenarios`, scenario("S1"))).status).toBe(200);
    expect((await post(`/api/v1/studies/${study.id}/responses`, answer("S1", "m-1", 1))).status).toBe(200);
    const pool = await Promise.all(
      [1, 2].map(async (n) => {
        const email = `outage-rater-${n}@test.tandem`;
        return { email, ...(await app.addUser({ email, name: `Outage rater ${n}`, role: "rater", password: "outage rater password" })) };
      }),
    );
    const queue = await post(`/api/v1/studies/${study.id}/queues`, { name: "Outage queue", raters: pool.map((r) => r.email) });
    expect(queue.status).toBe(201);
    const queueId = ((await queue.json()) as { id: string }).id;
    const asRater = (path: string, body?: unknown) =>
      fetch(`${app.baseUrl}${path}`, { method: "POST", headers: { authorization: `Bearer ${pool[0]?.token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    const kept = async () => (await app.sql<{ holds: number; ratings: number }>(
      `SELECT (SELECT count(*)::int FROM assignments a JOIN queue_items qi ON qi.id = a.queue_item_id WHERE qi.queue_id = $1) AS holds,
              (SELECT count(*)::int FROM ratings g JOIN responses r ON r.id = g.response_id WHERE r.study_id = $2) AS ratings`,
      [queueId, study.id],
    ))[0];

    await stoppedUnder(study.id, () => asRater(`/api/v1/queues/${queueId}/next`));
    expect(await kept()).toEqual({ holds: 0, ratings: 0 });
    const claimed = await asRater(`/api/v1/queues/${queueId}/next`);
    expect(claimed.status).toBe(200);
    const { assignmentId } = (await claimed.json()) as { assignmentId: string };

    await stoppedUnder(study.id, () => asRater(`/api/v1/assignments/${assignmentId}/rating`, rating()));
    expect(await kept()).toEqual({ holds: 1, ratings: 0 });
    expect((await asRater(`/api/v1/assignments/${assignmentId}/rating`, rating())).status).toBe(201);
    expect(await kept()).toEqual({ holds: 1, ratings: 1 });
  });
});
