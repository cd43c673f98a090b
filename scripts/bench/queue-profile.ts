// BENCH_QUEUE_PROFILE=1, before the timed run: where a claim's time goes on the idle app, beside the bare GET. It
// claims and rates 70 of the timed queue's answers, so that run has fewer left: its figures are not the recorded ones.
import pg from "pg";
import { postmasterPid, treeCpuSeconds, type BenchEnvironment } from "./harness";
import { auth, ms, RATING, timed, type Rater } from "./queue-http";

/**
 * Prints a claim's cost in SQL on a fresh connection (the first call plans it) and on a warm one; the median claim and
 * bare GET over HTTP, one at a time; and the CPU the app server and PostgreSQL spend per claim, per first rating and
 * per bare GET (raters 15 to 49 claim and rate twice). Turns on track_functions for the run that follows.
 */
export async function probeIdleCosts(env: BenchEnvironment, db: pg.Pool, queueId: string, raters: Rater[]) {
  await db.query("ALTER SYSTEM SET track_functions = 'all'");
  await db.query("SELECT pg_reload_conf()");
  await new Promise((r) => setTimeout(r, 500));
  for (const round of [1, 2]) {
    const client = new pg.Client({ connectionString: env.databaseUrl });
    await client.connect();
    const times: string[] = [];
    for (let i = 0; i < 3; i++) {
      await client.query("BEGIN");
      const t0 = performance.now();
      await client.query("SELECT tandem_claim($1::uuid, $2::uuid)", [queueId, raters[i]?.userId]);
      times.push((performance.now() - t0).toFixed(2));
      await client.query("ROLLBACK");
    }
    console.log(`  fresh connection ${round}: tandem_claim ms, 1st (cold) then warm: ${times.join(" ")}`);
    await client.end();
  }
  {
    const client = new pg.Client({ connectionString: env.databaseUrl });
    await client.connect();
    const sql: number[] = [];
    for (let i = 0; i < 20; i++) {
      await client.query("BEGIN");
      const t0 = performance.now();
      await client.query("SELECT tandem_claim($1::uuid, $2::uuid)", [queueId, raters[10 + i]?.userId]);
      if (i >= 5) sql.push(performance.now() - t0);
      await client.query("ROLLBACK");
    }
    await client.end();
    const gets: number[] = [];
    const claimsHttp: number[] = [];
    for (let i = 0; i < 15; i++) gets.push((await timed(`${env.baseUrl}/api/v1/studies`, { headers: auth(raters[i]?.token ?? "") })).ms);
    for (let i = 0; i < 15; i++) claimsHttp.push((await timed(`${env.baseUrl}/api/v1/queues/${queueId}/next`, { method: "POST", headers: auth(raters[i]?.token ?? "") })).ms);
    console.log(`  idle, one at a time: tandem_claim SQL p50 ${ms(sql, 0.5)}; HTTP GET /studies p50 ${ms(gets.slice(5), 0.5)}; HTTP claim p50 ${ms(claimsHttp.slice(5), 0.5)}`);
    // CPU a request costs the app server and PostgreSQL, one at a time on the idle app: the claims and the ratings of
    // raters 15-49, twice, and as many bare GETs.
    const pgPid = postmasterPid(Number(new URL(env.databaseUrl).port));
    const cpu = { claim: { app: 0, db: 0, n: 0 }, submit: { app: 0, db: 0, n: 0 }, get: { app: 0, db: 0, n: 0 } };
    const charge = async (what: keyof typeof cpu, request: () => Promise<number>) => {
      const [app, db] = [treeCpuSeconds(env.serverPid), treeCpuSeconds(pgPid)];
      cpu[what].n += await request();
      cpu[what].app += treeCpuSeconds(env.serverPid) - app;
      cpu[what].db += treeCpuSeconds(pgPid) - db;
    };
    for (let round = 0; round < 2; round++) {
      const held = new Map<string, string>();
      await charge("claim", async () => {
        for (const rater of raters.slice(15)) {
          const claim = await timed(`${env.baseUrl}/api/v1/queues/${queueId}/next`, { method: "POST", headers: auth(rater.token) });
          if (claim.status === 200) held.set(rater.token, (JSON.parse(claim.text) as { assignmentId: string }).assignmentId);
        }
        return raters.length - 15;
      });
      await charge("submit", async () => {
        for (const [token, id] of held) await timed(`${env.baseUrl}/api/v1/assignments/${id}/rating`, { method: "POST", headers: auth(token), body: RATING });
        return held.size;
      });
      await charge("get", async () => {
        for (const rater of raters.slice(15)) await timed(`${env.baseUrl}/api/v1/studies`, { headers: auth(rater.token) });
        return raters.length - 15;
      });
    }
    const per = (what: keyof typeof cpu) => `app ${((cpu[what].app / cpu[what].n) * 1000).toFixed(2)} ms, PostgreSQL ${((cpu[what].db / cpu[what].n) * 1000).toFixed(2)} ms (${cpu[what].n})`;
    console.log(`  CPU a request, idle: claim ${per("claim")}; first rating ${per("submit")}; bare GET ${per("get")}`);
  }
}
