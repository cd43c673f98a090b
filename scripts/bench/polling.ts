// Live Results pages at rest: 20 signed-in pages poll the results JSON every
// 3 s, as LiveResults does, on a study of 100,000 double-rated answers.
// Figure: PostgreSQL CPU seconds per poll (every process of the cluster, from
// /proc) when each poll sends its figures' tag back (If-None-Match: 304 when
// nothing changed); baseline, same run: the same polls without a tag, each a
// full recompute, as every poll was before the change counter. Then the same
// two while paced raters submit through a queue, beside the raters alone.
import { loadavg } from "node:os";
import { readdirSync, readFileSync } from "node:fs";
import pg from "pg";
import { quantile } from "@/lib/stats/descriptive";
import { sessionCookie } from "../lib/sign-in";
import { seedAgreementStudy } from "./agreement";
import type { BenchEnvironment } from "./harness";

const PAGES = 20;
const POLL_MS = 3000;
const RATERS = 5;
/** A rater's pause after each rating: fast for a physician, so the figures change every few seconds. */
const RATER_THINK_MS = 3000;
const QUEUE_SIZE = 2000;

/** CPU seconds used so far by the cluster serving `port`: its live processes and the ended ones its postmaster reaped. */
function clusterCpuSeconds(port: number): number {
  const stats = new Map<number, string[]>();
  let postmaster = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      stats.set(Number(entry), stat.slice(stat.lastIndexOf(")") + 2).split(" "));
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(`-p\u0000${port}\u0000`)) postmaster = Number(entry);
    } catch {
      /* ended meanwhile */
    }
  }
  if (postmaster === 0) throw new Error(`No PostgreSQL postmaster on port ${port} among this machine's processes: the bench reads an embedded cluster's CPU.`);
  let ticks = 0;
  for (const [pid, fields] of stats) {
    const own = Number(fields[11]) + Number(fields[12]);
    if (pid === postmaster) ticks += own + Number(fields[13]) + Number(fields[14]);
    else if (Number(fields[1]) === postmaster) ticks += own;
  }
  return ticks / 100;
}

const perPoll = (p: Phase) => (p.polls === 0 ? Number.NaN : (p.cpuSeconds * 1000) / p.polls);

interface Phase {
  label: string;
  polls: number;
  notModified: number;
  pollMs: number[];
  ratings: number;
  /** Claims and ratings the server refused, by status. */
  refused: string[];
  cpuSeconds: number;
  seconds: number;
  load: string;
}

/** Waits `ms`, or less when `signal` aborts. */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });

export async function benchPolling(env: BenchEnvironment, answers: number, seconds: number) {
  const port = Number(new URL(env.databaseUrl).port);
  const client = new pg.Client({ connectionString: env.databaseUrl });
  client.on("error", (error) => console.error("bench database connection:", error.message));
  await client.connect();
  const seeding = performance.now();
  const studyId = await seedAgreementStudy(client, env, answers);
  console.log(`\nPolling: ${answers.toLocaleString("en")} answers × 2 physician ratings + 1 machine score seeded in ${((performance.now() - seeding) / 1000).toFixed(0)} s`);

  const { createApiToken, createUser } = await import("@/features/users/service");
  const { newTokenSchema, newUserSchema } = await import("@/features/users/schemas");
  await createUser(newUserSchema.parse({ email: "polling-researcher@bench.tandem", name: "Researcher", role: "researcher", password: "bench-password" }));
  // Each page is a browser of its own, signed in on its own.
  const cookies: string[] = [];
  for (let i = 0; i < PAGES; i++) cookies.push(await sessionCookie(env.baseUrl, "polling-researcher@bench.tandem", "bench-password"));
  const raters: string[] = [];
  for (let i = 0; i < RATERS; i++) {
    const email = `polling-rater-${i}@bench.tandem`;
    await createUser(newUserSchema.parse({ email, name: `Polling rater ${i}`, role: "rater", password: "bench-password" }));
    raters.push((await createApiToken(newTokenSchema.parse({ email }))).token);
  }
  // The queue is written in SQL: building one over 100,000 answers through the API is not what this measures.
  const queueId = (
    await client.query<{ id: string }>(
      `WITH q AS (INSERT INTO queues (id, study_id, name, seed) VALUES (tandem_uuid_v7(), $1, 'polling', 'polling') RETURNING id),
            items AS (INSERT INTO queue_items (id, queue_id, response_id)
                      SELECT tandem_uuid_v7(), q.id, r.id FROM q, responses r WHERE r.study_id = $1 AND r.repetition % $2 = 0),
            pool AS (INSERT INTO queue_raters (queue_id, user_id) SELECT q.id, u.id FROM q, users u WHERE u.email LIKE 'polling-rater-%')
       SELECT id FROM q`,
      [studyId, Math.max(1, Math.floor(answers / QUEUE_SIZE))],
    )
  ).rows[0]?.id;
  if (!queueId) throw new Error("The bench queue was not created.");
  const url = `${env.baseUrl}/api/v1/studies/${studyId}/results`;

  /** One page: polls every POLL_MS after the last answer, sending its tag back when `withTag`. */
  // Each page's tag, kept across phases as an open page keeps it.
  const tags: (string | null)[] = cookies.map(() => null);
  async function page(index: number, withTag: boolean, phase: Phase, signal: AbortSignal) {
    const cookie = cookies[index] ?? "";
    // Pages opened at different moments.
    await sleep(Math.random() * POLL_MS, signal);
    while (!signal.aborted) {
      const started = performance.now();
      const tag = tags[index];
      const response: Response = await fetch(url, { headers: { cookie, ...(withTag && tag ? { "if-none-match": tag } : {}) } });
      await response.arrayBuffer();
      if (response.status !== 200 && response.status !== 304) throw new Error(`results: ${response.status}`);
      phase.pollMs.push(performance.now() - started);
      phase.polls++;
      if (response.status === 304) phase.notModified++;
      tags[index] = response.headers.get("etag");
      await sleep(POLL_MS, signal);
    }
  }

  /** One rater: claims, rates, pauses, until stopped. */
  async function rater(token: string, phase: Phase, signal: AbortSignal) {
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    await sleep(Math.random() * RATER_THINK_MS, signal);
    while (!signal.aborted) {
      const claim = await fetch(`${env.baseUrl}/api/v1/queues/${queueId}/next`, { method: "POST", headers });
      if (claim.status === 204) return;
      if (!claim.ok) {
        // A claim refused under load (503 after a wait): counted, and tried again after the pause.
        phase.refused.push(`claim ${claim.status}`);
        await claim.arrayBuffer();
        await sleep(RATER_THINK_MS, signal);
        continue;
      }
      const { assignmentId } = (await claim.json()) as { assignmentId: string };
      const rated = await fetch(`${env.baseUrl}/api/v1/assignments/${assignmentId}/rating`, {
        method: "POST",
        headers,
        body: JSON.stringify({ omission_harm: Math.floor(Math.random() * 5), commission_harm: Math.floor(Math.random() * 4), critical_action_results: [], response_class: "substantive", omission_mechanism: "none", reasoning: "bench" }),
      });
      if (rated.ok) phase.ratings++;
      else phase.refused.push(`rating ${rated.status}: ${(await rated.text()).slice(0, 120)}`);
      await sleep(RATER_THINK_MS, signal);
    }
  }

  async function run(label: string, options: { pages: "tag" | "full" | "none"; raters: boolean }): Promise<Phase> {
    const phase: Phase = { label, polls: 0, notModified: 0, pollMs: [], ratings: 0, refused: [], cpuSeconds: 0, seconds, load: "" };
    const stop = new AbortController();
    const cpu0 = clusterCpuSeconds(port);
    const work = [
      ...(options.pages === "none" ? [] : cookies.map((_, i) => page(i, options.pages === "tag", phase, stop.signal))),
      ...(options.raters ? raters.map((token) => rater(token, phase, stop.signal)) : []),
    ];
    const timer = setTimeout(() => stop.abort(), seconds * 1000);
    await Promise.all(work).finally(() => clearTimeout(timer));
    phase.cpuSeconds = clusterCpuSeconds(port) - cpu0;
    phase.load = loadavg().map((l) => l.toFixed(2)).join(" ");
    const ms = (q: number) => (quantile(phase.pollMs, q) ?? Number.NaN).toFixed(1);
    const polls = phase.polls === 0 ? "no polls" : `${phase.polls} polls (${phase.notModified} × 304), ${perPoll(phase).toFixed(2)} ms CPU per poll, poll p50 ${ms(0.5)} ms p95 ${ms(0.95)} ms`;
    console.log(`  ${phase.label.padEnd(48)} PostgreSQL ${phase.cpuSeconds.toFixed(2)} CPU s; ${polls}; ${phase.ratings} ratings${phase.refused.length > 0 ? ` (refused: ${[...new Set(phase.refused)].join("; ")} × ${phase.refused.length})` : ""}; load ${phase.load}`);
    return phase;
  }

  console.log(`  ${PAGES} pages polling every ${POLL_MS / 1000} s, ${seconds} s per phase; PostgreSQL CPU from /proc (all cluster processes)`);
  // The pages were opened before: each holds the figures and the tag of its first load (not measured).
  for (const [i, cookie] of cookies.entries()) {
    const response = await fetch(url, { headers: { cookie } });
    await response.arrayBuffer();
    tags[i] = response.headers.get("etag");
  }
  const phases = [
    await run("at rest, polls send their tag (304)", { pages: "tag", raters: false }),
    await run("at rest, polls without a tag (full recompute)", { pages: "full", raters: false }),
    await run(`${RATERS} raters submitting, no page open`, { pages: "none", raters: true }),
    await run(`${RATERS} raters submitting, polls send their tag`, { pages: "tag", raters: true }),
    await run(`${RATERS} raters submitting, polls without a tag`, { pages: "full", raters: true }),
  ];
  await client.end();

  const [tagged, full, ratersAlone] = phases as [Phase, Phase, Phase];
  console.log(`  at rest: CPU per poll with the tag ${perPoll(tagged).toFixed(2)} ms against ${perPoll(full).toFixed(2)} ms for a full recompute → ${(perPoll(full) / perPoll(tagged)).toFixed(0)}× less`);
  const withRaters = (p: Phase) => ((p.cpuSeconds - ratersAlone.cpuSeconds) * 1000) / p.polls;
  const [taggedBusy, fullBusy] = [phases[3] as Phase, phases[4] as Phase];
  console.log(`  raters submitting (the raters' own CPU taken off): ${withRaters(taggedBusy).toFixed(2)} ms per poll with the tag, ${withRaters(fullBusy).toFixed(2)} ms without`);
}
