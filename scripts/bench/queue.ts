// docs/design.md §9: 50 raters claiming and submitting concurrently over HTTP, each to
// the end of the queue, within a time bound. Figures: claim p50/p95, counts of
// claims, submissions, 204s and errors. Baseline, same run and concurrency: an
// authenticated request that does no queue work. Paced raters arrive spread
// over one think time; BENCH_QUEUE_AT_ONCE=1 starts them in the same instant
// and sets their first claims beside a burst of bare GETs. Checked in SQL: after each
// 204 nothing left the rater could claim; afterwards no item rated more often
// than asked, twice by one rater or left short; while it runs (sampled) no
// rater with two live holds in the queue.
import pg from "pg";
import { quantile } from "@/lib/stats/descriptive";
import { DOUBLE_HOLDS_SQL, QUEUE_FILL_SQL, STILL_CLAIMABLE_SQL, type QueueFill } from "../../tests/support/queue-invariants";
import type { BenchEnvironment } from "./harness";
import { auth, bareGet, claimNext, ms, rate, type Rater } from "./queue-http";
import { probeIdleCosts } from "./queue-profile";

const RATERS = 50;
const RATINGS_PER_ITEM = 2;

export interface QueueRun {
  label: string;
  answers: number;
  /** A rater's pause after each rating (physicians take about a minute; 0 saturates the server). */
  thinkMs: number;
  /** Requests per claim sent at once, as a double click does: every one must resume the same hold. */
  claimsAtOnce: number;
  /** Raters stop claiming after this long, the queue finished or not. */
  seconds: number;
}

interface Tally {
  claims: number;
  submits: number;
  ends: number;
  /** 204s answered while the database still showed an item the rater could claim. */
  earlyEnds: number;
  /** Simultaneous claims of one rater answered with different assignments. */
  splitClaims: number;
  /** Non-2xx answers, by request and status. */
  errors: Map<string, number>;
  claimMs: number[];
  baselineMs: number[];
  cutOff: number;
}

/** A POST as the bench's admin; a 503 (a transaction that waited too long on the loaded machine) is tried again, twice. */
async function postAsAdmin(env: BenchEnvironment, path: string, body: unknown) {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${env.baseUrl}${path}`, { method: "POST", headers: auth(env.token), body: typeof body === "string" ? body : JSON.stringify(body) });
    if (response.status === 503 && attempt < 3) continue;
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: string };
  }
}

/** A study of `answers` answers to one scenario, and a queue of `ratingsPerItem` ratings an answer over them with `raters` in its pool. */
async function studyWithQueue(env: BenchEnvironment, name: string, answers: number, raters: Rater[], ratingsPerItem: number) {
  const post = (path: string, body: unknown) => postAsAdmin(env, path, body);
  const study = await post("/api/v1/studies", { name });
  await post(`/api/v1/studies/${study.id}/scenarios`, { id: "Q", quadrant: "bench", acuity_weight: 1, prompt: "p", gold_standard_response: "g", critical_actions: ["a", "b"] });
  // In parts of 50,000: a part stays far below the server's body limit.
  for (let from = 0; from < answers; from += 50_000) {
    const rows = Array.from({ length: Math.min(50_000, answers - from) }, (_, i) => JSON.stringify({ scenario_id: "Q", model_id: `m${(from + i) % 6}`, rep_id: from + i, response: "An answer." }));
    await post(`/api/v1/studies/${study.id}/responses`, rows.join("\n"));
  }
  return post(`/api/v1/studies/${study.id}/queues`, { name: "bench", raters: raters.map((r) => r.email), ratingsPerItem });
}

/**
 * Before a timed run, not counted: every rater claims and rates one answer of a study and queue of their own (the
 * timed queue's answers stay unrated elsewhere in its study), all at once, then asks the baseline GET. So the server
 * has loaded the claim, rating and GET routes and planned the claim's statements on each of its pooled connections,
 * as a server that has been up for a while has: a cold server's first claims measure its start, not a claim.
 */
async function warmUp(env: BenchEnvironment, label: string, raters: Rater[]) {
  const queue = await studyWithQueue(env, `bench queue ${label} warm-up`, raters.length, raters, 1);
  await Promise.all(
    raters.map(async (rater) => {
      const claim = await claimNext(env.baseUrl, queue.id, rater);
      if (claim.status !== 200) throw new Error(`warm-up claim: ${claim.status} ${claim.text}`);
      const { assignmentId } = JSON.parse(claim.text) as { assignmentId: string };
      const submitted = await rate(env.baseUrl, assignmentId, rater);
      if (submitted.status !== 201) throw new Error(`warm-up rating: ${submitted.status} ${submitted.text}`);
      await bareGet(env.baseUrl, rater);
    }),
  );
}

/** `raters` raters (50 by default), a study of `answers` answers to one scenario, and a double-rating queue over them with all of them in its pool. */
async function setUp(env: BenchEnvironment, run: Pick<QueueRun, "label" | "answers">, pool = RATERS) {
  const { createApiToken, createUser } = await import("@/features/users/service");
  const { newTokenSchema, newUserSchema } = await import("@/features/users/schemas");
  // One after another: each hashes a password, which holds the event loop.
  const raters: Rater[] = [];
  for (let i = 0; i < pool; i++) {
    const email = `bench-${run.label}-rater-${i}@bench.tandem`;
    const user = await createUser(newUserSchema.parse({ email, name: `Rater ${i}`, role: "rater", password: "bench-password" }));
    raters.push({ email, userId: user.id, token: (await createApiToken(newTokenSchema.parse({ email }))).token });
  }
  const queue = await studyWithQueue(env, `bench queue ${run.label}`, run.answers, raters, RATINGS_PER_ITEM);
  return { raters, queueId: queue.id };
}

export async function benchQueue(env: BenchEnvironment, run: QueueRun) {
  const { raters, queueId } = await setUp(env, run);
  const db = new pg.Pool({ connectionString: env.databaseUrl, max: 4 });
  const tally: Tally = { claims: 0, submits: 0, ends: 0, earlyEnds: 0, splitClaims: 0, errors: new Map(), claimMs: [], baselineMs: [], cutOff: 0 };
  const failed = (what: string, status: number) => tally.errors.set(`${what} ${status}`, (tally.errors.get(`${what} ${status}`) ?? 0) + 1);
  if (process.env.BENCH_QUEUE_COLD !== "1") await warmUp(env, run.label, raters);

  // BENCH_QUEUE_PROFILE=1: where a claim's time goes (not for the recorded figures: it claims before the run). The idle
  // costs (probeIdleCosts), then, over the run, function times (track_functions), sampled wait events, and when the
  // slow claims came.
  const profile = process.env.BENCH_QUEUE_PROFILE === "1";
  const waits = new Map<string, number>();
  const slow: { at: number; ms: number; status: number }[] = [];
  if (profile) {
    await probeIdleCosts(env, db, queueId, raters);
    await db.query("SELECT pg_stat_reset()");
  }
  const waitSampler = profile ? setInterval(() => {
    void db.query<{ w: string; n: number }>("SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') || ' ' || left(query, 40) AS w, count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND datname = current_database() GROUP BY 1").then(({ rows }) => { for (const r of rows) waits.set(r.w, (waits.get(r.w) ?? 0) + r.n); }, () => undefined);
  }, 100) : undefined;
  // Raters with two live holds in the queue, sampled while it runs.
  let doubleHolds = 0;
  const sampler = setInterval(() => {
    void db.query<{ raters: number }>(DOUBLE_HOLDS_SQL, [queueId]).then(({ rows: [row] }) => (doubleHolds = Math.max(doubleHolds, row?.raters ?? 0)), () => undefined);
  }, 250);

  // Paced raters arrive as people do: each rater's first claim comes at a random moment of one think time.
  // BENCH_QUEUE_AT_ONCE=1 (and every run without think time) starts all raters in the same instant instead; that
  // burst is then set beside 50 bare GETs sent at once just before it.
  const atOnce = process.env.BENCH_QUEUE_AT_ONCE === "1" || run.thinkMs === 0;
  const getBurstMs = atOnce ? (await Promise.all(raters.map((rater) => bareGet(env.baseUrl, rater)))).map((get) => get.ms) : [];
  const firstClaimMs: number[] = [];

  const rateToTheEnd = async (rater: Rater, deadline: number) => {
    if (!atOnce) await new Promise((resolve) => setTimeout(resolve, run.thinkMs * Math.random()));
    for (let first = true; ; first = false) {
      if (performance.now() > deadline) {
        tally.cutOff++;
        return;
      }
      const claims = await Promise.all(Array.from({ length: run.claimsAtOnce }, () => claimNext(env.baseUrl, queueId, rater)));
      tally.claims += claims.length;
      tally.claimMs.push(...claims.map((c) => c.ms));
      if (first) firstClaimMs.push(...claims.map((c) => c.ms));
      if (profile) for (const c of claims) slow.push({ at: performance.now() - started, ms: c.ms, status: c.status });
      const refused = claims.filter((c) => c.status !== 200 && c.status !== 204);
      if (refused.length > 0) {
        for (const claim of refused) failed("claim", claim.status);
        return;
      }
      if (claims.every((c) => c.status === 204)) {
        tally.ends++;
        const { rows: [left] } = await db.query<{ open: number }>(STILL_CLAIMABLE_SQL, [queueId, rater.userId, RATINGS_PER_ITEM]);
        if (!left?.open) return;
        tally.earlyEnds++;
        continue;
      }
      const held = new Set(claims.map((c) => (c.status === 200 ? (JSON.parse(c.text) as { assignmentId: string }).assignmentId : "none")));
      if (held.size > 1) tally.splitClaims++;
      // Not every claim was a 204 (above), so one of them holds an item.
      const assignmentId = [...held].find((id) => id !== "none") ?? "none";
      const submitted = await rate(env.baseUrl, assignmentId, rater);
      tally.submits++;
      if (submitted.status !== 201) failed("submit", submitted.status);
      // The baseline request, interleaved under the same load.
      tally.baselineMs.push((await bareGet(env.baseUrl, rater)).ms);
      if (run.thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, run.thinkMs * (0.5 + Math.random())));
    }
  };

  const started = performance.now();
  await Promise.all(raters.map((rater) => rateToTheEnd(rater, started + run.seconds * 1000)));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  if (waitSampler) clearInterval(waitSampler);
  if (profile) {
    console.log([...waits].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([w, n]) => `  wait ${n} ${w}`).join("\n"));
    const { rows } = await db.query("SELECT funcname, calls, round(total_time::numeric, 1) AS total_ms, round(self_time::numeric, 1) AS self_ms, round((total_time / calls)::numeric, 3) AS per_call FROM pg_stat_user_functions ORDER BY total_time DESC LIMIT 20");
    console.table(rows);
    const p95 = quantile(tally.claimMs, 0.95) ?? 0;
    const over = slow.filter((c) => c.ms >= p95);
    console.log(`  claims at or over p95 ${p95.toFixed(0)} ms: ${over.length}; in the first 2 s ${over.filter((c) => c.at < 2000).length}; 204s ${over.filter((c) => c.status === 204).length}; by second ${JSON.stringify(over.map((c) => Math.floor(c.at / 1000)))}`);
    const early = slow.filter((c) => c.at < 2000).length;
    console.log(`  claims in the first 2 s ${early}; p95 without them ${(quantile(slow.filter((c) => c.at >= 2000).map((c) => c.ms), 0.95) ?? 0).toFixed(1)} ms`);
  }
  const { rows: [fill] } = await db.query<QueueFill>(QUEUE_FILL_SQL, [queueId, RATINGS_PER_ITEM]);
  const { rows: [holdsAfter] } = await db.query<{ raters: number }>(DOUBLE_HOLDS_SQL, [queueId]);
  await db.end();

  const errors = [...tally.errors].map(([what, n]) => `${what}: ${n}`).join(", ") || "none";
  console.log(`\nQueue (${run.label}): ${RATERS} raters double-rating ${run.answers} answers over HTTP, think time ~${run.thinkMs} ms, ${run.claimsAtOnce} request(s) per claim, bound ${run.seconds} s (took ${seconds.toFixed(1)} s)`);
  console.log(process.env.BENCH_QUEUE_COLD === "1" ? "  cold: no warm-up (the server's first claims are timed)" : "  warm-up first, not timed: each rater claimed and rated one answer of a queue of its own (BENCH_QUEUE_COLD=1 skips it)");
  console.log(
    atOnce
      ? `  start: all raters at once; their first claims p50 ${ms(firstClaimMs, 0.5)}, p95 ${ms(firstClaimMs, 0.95)}, against ${getBurstMs.length} bare GETs sent at once just before, p50 ${ms(getBurstMs, 0.5)}, p95 ${ms(getBurstMs, 0.95)}`
      : "  start: spread, each rater's first claim at a random moment of one think time (BENCH_QUEUE_AT_ONCE=1 starts them all at once)",
  );
  console.log(`  claims ${tally.claims}, submissions ${tally.submits}, 204s ${tally.ends}, errors (non-2xx) ${errors}; raters stopped by the time bound ${tally.cutOff}`);
  console.log(`  claim p50 ${ms(tally.claimMs, 0.5)}, p95 ${ms(tally.claimMs, 0.95)} (target p95 ≤ 50 ms)`);
  console.log(`  baseline: authenticated GET p50 ${ms(tally.baselineMs, 0.5)}, p95 ${ms(tally.baselineMs, 0.95)} under the same load`);
  console.log(`  SQL: over-assigned ${fill?.over ?? "?"}; rated twice by one rater ${fill?.twice ?? "?"}; left short ${fill?.short ?? "?"}; 204s with an item still open to the rater ${tally.earlyEnds}`);
  console.log(`  SQL: raters with 2+ live holds in the queue, most at once (sampled every 250 ms) ${doubleHolds}, after ${holdsAfter?.raters ?? "?"}; simultaneous claims answered with different holds ${tally.splitClaims}`);
}

const SCALE_RATERS = 10;

/**
 * Claim latency against the size of the queue, in one run: a queue of each
 * size asked (and, `lateShare` > 0, the largest one again with all but that
 * share of its items already rated twice, as late in a queue), each with 10
 * raters of its own. In each round the queues take turns: all raters of one
 * queue claim and rate one item at once, then the next queue's, so the queues
 * meet the same background load and none slows another.
 */
export async function benchClaimScale(env: BenchEnvironment, sizes: number[], rounds: number, lateShare: number) {
  const queues: { label: string; raters: Rater[]; queueId: string; claimMs: number[]; errors: number }[] = [];
  for (const size of sizes) {
    const label = `scale-${size}`;
    queues.push({ label: `${size.toLocaleString("en")} items`, ...(await setUp(env, { label, answers: size }, SCALE_RATERS)), claimMs: [], errors: 0 });
  }
  const largest = Math.max(...sizes);
  if (lateShare > 0) {
    const late = await setUp(env, { label: `scale-late-${largest}`, answers: largest }, SCALE_RATERS);
    const open = Math.round(largest * lateShare);
    const db = new pg.Client({ connectionString: env.databaseUrl });
    await db.connect();
    // Two other raters' submitted assignments on every item but `open` of them (their ratings would add nothing to a claim's work).
    await db.query(`INSERT INTO users (id, email, name, role, password_hash)
                    SELECT tandem_uuid_v7(), 'bench-filler-' || n || '@bench.tandem', 'Filler', 'rater', 'none' FROM generate_series(1, 2) n`);
    await db.query(
      `INSERT INTO assignments (id, queue_item_id, user_id, status, claimed_at, lease_expires_at, submitted_at)
       SELECT tandem_uuid_v7(), qi.id, u.id, 'submitted', now(), now(), now()
       FROM (SELECT id FROM queue_items WHERE queue_id = $1::uuid ORDER BY id OFFSET $2) qi
       CROSS JOIN (SELECT id FROM users WHERE email LIKE 'bench-filler-%') u`,
      [late.queueId, open],
    );
    await db.end();
    queues.push({ label: `${largest.toLocaleString("en")} items, all but ${open.toLocaleString("en")} full`, ...late, claimMs: [], errors: 0 });
  }
  // Round 0 warms up (caches, the first reads of freshly inserted rows) and is not counted.
  for (let round = 0; round <= rounds; round++) {
    for (const queue of queues) {
      await Promise.all(
        queue.raters.map(async (rater) => {
          const claim = await claimNext(env.baseUrl, queue.queueId, rater);
          if (claim.status !== 200) {
            queue.errors++;
            return;
          }
          if (round > 0) queue.claimMs.push(claim.ms);
          const { assignmentId } = JSON.parse(claim.text) as { assignmentId: string };
          const submitted = await rate(env.baseUrl, assignmentId, rater);
          if (submitted.status !== 201) queue.errors++;
        }),
      );
    }
  }
  console.log(`\nClaim against queue size: ${SCALE_RATERS} raters per queue, ${rounds} rounds of one claim and one rating each, the queues taking turns`);
  const base = quantile(queues[0]?.claimMs ?? [], 0.95) ?? Number.NaN;
  for (const queue of queues) {
    const p95 = quantile(queue.claimMs, 0.95) ?? Number.NaN;
    console.log(`  ${queue.label}: claims ${queue.claimMs.length}, claim p50 ${ms(queue.claimMs, 0.5)}, p95 ${ms(queue.claimMs, 0.95)} (${(p95 / base).toFixed(2)}× the first; target ≤ 1.5×), non-2xx ${queue.errors}`);
  }
}
