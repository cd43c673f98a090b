// BENCH_QUEUE_PROFILE=1, before the timed run: where a claim's time goes on the idle app, beside the bare GET. It
// claims and rates 70 of the timed queue's answers, so that run has fewer left: its figures are not the recorded ones.
import pg from "pg";
import { postmasterPid, treeCpuSeconds, type BenchEnvironment } from "./harness";
import { bareGet, claimNext, ms, rate, type Rater } from "./queue-http";

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
    const times = await claimsInSql(env, queueId, raters.slice(0, 3));
    console.log(`  fresh connection ${round}: tandem_claim ms, 1st (cold) then warm: ${times.map((t) => t.toFixed(2)).join(" ")}`);
  }
  const sql = (await claimsInSql(env, queueId, raters.slice(10, 30))).slice(5);
  const gets: number[] = [];
  const claimsHttp: number[] = [];
  for (const rater of raters.slice(0, 15)) gets.push((await bareGet(env.baseUrl, rater)).ms);
  for (const rater of raters.slice(0, 15)) claimsHttp.push((await claimNext(env.baseUrl, queueId, rater)).ms);
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
  const late = raters.slice(15);
  for (let round = 0; round < 2; round++) {
    const held = new Map<Rater, string>();
    await charge("claim", async () => {
      for (const rater of late) {
        const claim = await claimNext(env.baseUrl, queueId, rater);
        if (claim.status === 200) held.set(rater, (JSON.parse(claim.text) as { assignmentId: string }).assignmentId);
      }
      return late.length;
    });
    await charge("submit", async () => {
      for (const [rater, id] of held) await rate(env.baseUrl, id, rater);
      return held.size;
    });
    await charge("get", async () => {
      for (const rater of late) await bareGet(env.baseUrl, rater);
      return late.length;
    });
  }
  const per = (what: keyof typeof cpu) => `app ${((cpu[what].app / cpu[what].n) * 1000).toFixed(2)} ms, PostgreSQL ${((cpu[what].db / cpu[what].n) * 1000).toFixed(2)} ms (${cpu[what].n})`;
  console.log(`  CPU a request, idle: claim ${per("claim")}; first rating ${per("submit")}; bare GET ${per("get")}`);
}

/** Each rater's claim as a bare SQL call, one after another on one new connection, each rolled back: ms each. */
async function claimsInSql(env: BenchEnvironment, queueId: string, raters: Rater[]): Promise<number[]> {
  const client = new pg.Client({ connectionString: env.databaseUrl });
  await client.connect();
  try {
    const times: number[] = [];
    for (const rater of raters) {
      await client.query("BEGIN");
      const started = performance.now();
      await client.query("SELECT tandem_claim($1::uuid, $2::uuid)", [queueId, rater.userId]);
      times.push(performance.now() - started);
      await client.query("ROLLBACK");
    }
    return times;
  } finally {
    await client.end();
  }
}
