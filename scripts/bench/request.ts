// What one authenticated API request costs, and where that time goes. Timed over
// HTTP against the built app: a cheap authenticated route (GET /api/v1/studies
// of an empty database: one query) with a Bearer API token and with a session
// cookie, beside two floors measured in the same run — an unknown API path
// (Next's routing alone, no auth, no database) and the same route without
// credentials (a 401 from the route wrapper, no database). For each: latency
// p50/p95 sequentially and with many clients at once, the Next server's CPU per
// request (its process tree, from /proc), PostgreSQL's CPU per request, and the
// database work per request (commits, index and table scans, rows updated, from
// pg_stat_database / pg_stat_user_tables). Then a second server started with
// `node --cpu-prof` serves the sequential phase once more, and its profile is
// summed by where each sample's stack was (framework, auth, Prisma, pg, JSON …).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { SourceMap, type SourceMapPayload } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { quantile } from "@/lib/stats/descriptive";
import { freePort } from "../db/embedded-postgres";
import { exited, waitForHttp } from "../lib/next-server";
import { sessionCookie } from "../lib/sign-in";
import { SERVER_HEAP_MIB, type BenchEnvironment } from "./harness";

export interface RequestRun {
  /** Requests of each kind one after another. */
  sequential: number;
  /** Clients sending at once, each `perClient` requests of a kind back to back. */
  clients: number;
  perClient: number;
  /** Also profile the sequential phase on a second server started with --cpu-prof. */
  profile: boolean;
  /** A checkout of another commit with its own build (`npm run build` there), measured beside this one in the same run. */
  beforeDir?: string;
}

interface Kind {
  label: string;
  path: string;
  headers: Record<string, string>;
  status: number;
}

const BENCH_PASSWORD = "bench-password";
const ROOT = path.resolve(import.meta.dirname, "../..");

/** CPU ticks (1/100 s) of a process tree: each process's own, plus what it reaped of ended children. */
function treeCpuTicks(root: (pid: number, cmdline: string) => boolean): number {
  const stats = new Map<number, string[]>();
  const roots: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const pid = Number(entry);
      stats.set(pid, stat.slice(stat.lastIndexOf(")") + 2).split(" "));
      if (root(pid, readFileSync(`/proc/${entry}/cmdline`, "utf8"))) roots.push(pid);
    } catch {
      /* the process ended meanwhile */
    }
  }
  const children = new Map<number, number[]>();
  for (const [pid, fields] of stats) children.set(Number(fields[1]), [...(children.get(Number(fields[1])) ?? []), pid]);
  let ticks = 0;
  const stack = [...roots];
  while (stack.length > 0) {
    const pid = stack.pop() ?? 0;
    const fields = stats.get(pid);
    if (fields) ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    stack.push(...(children.get(pid) ?? []));
  }
  return ticks;
}

const nodeTicks = (serverPid: number) => treeCpuTicks((pid) => pid === serverPid);
const postgresTicks = (port: string) => treeCpuTicks((_pid, cmdline) => cmdline.includes(`-p\u0000${port}\u0000`) && cmdline.includes("postgres"));

interface DatabaseCounters {
  commits: number;
  scans: number;
  updated: number;
}

async function readCounters(db: pg.Client): Promise<DatabaseCounters> {
  const { rows: [row] } = await db.query<{ commits: string; scans: string; updated: string }>(
    `SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()) AS commits,
            (SELECT sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)) FROM pg_stat_user_tables) AS scans,
            (SELECT sum(n_tup_upd + n_tup_ins + n_tup_del) FROM pg_stat_user_tables) AS updated`,
  );
  return { commits: Number(row?.commits ?? 0), scans: Number(row?.scans ?? 0), updated: Number(row?.updated ?? 0) };
}

/**
 * The database's counters once every backend has reported: a backend that
 * reported less than a second ago holds its next counts until it has been
 * idle for 10 s (PostgreSQL's PGSTAT_IDLE_INTERVAL), so this waits 11 s first.
 */
async function databaseCounters(db: pg.Client): Promise<DatabaseCounters> {
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  return readCounters(db);
}

async function send(baseUrl: string, kind: Kind): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${kind.path}`, { headers: kind.headers });
  await response.arrayBuffer();
  if (response.status !== kind.status) throw new Error(`${kind.label}: ${response.status}, expected ${kind.status}`);
  return performance.now() - started;
}

const fmt = (values: number[], q: number) => (quantile(values, q) ?? Number.NaN).toFixed(1);

const KIND_COUNT = 4;

function kindsFor(token: string, cookie: string): Kind[] {
  return [
    { label: "floor: unknown API path (404, no auth)", path: "/api/v1/no-such-route", headers: {}, status: 404 },
    { label: "floor: no credentials (401 from the wrapper)", path: "/api/v1/studies", headers: {}, status: 401 },
    { label: "Bearer token (200)", path: "/api/v1/studies", headers: { authorization: `Bearer ${token}` }, status: 200 },
    { label: "session cookie (200)", path: "/api/v1/studies", headers: { cookie }, status: 200 },
  ];
}

interface Server {
  label: string;
  baseUrl: string;
  pid: number;
}

/** The built app of another checkout (e.g. main, for a before/after in one run), serving the same database. */
async function startServerOf(dir: string, databaseUrl: string, nodeArgs: string[] = []) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // --cpu-prof is refused in NODE_OPTIONS, so node's own flags go on its command line.
  const server = spawn(process.execPath, [...nodeArgs, path.join(dir, "node_modules", "next", "dist", "bin", "next"), "start", "--port", String(port)], {
    cwd: dir,
    stdio: "ignore",
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
      NEXTAUTH_URL: baseUrl,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_OPTIONS: `--max-old-space-size=${SERVER_HEAP_MIB}`,
    },
  });
  const spawned = performance.now();
  await waitForHttp(`${baseUrl}/sign-in`);
  return { server, baseUrl, spawned };
}

/**
 * Each kind of request on each server in turn (this build, and with
 * `beforeDir` the build of that checkout, alternating so both meet the same
 * load), first one after another and then from many clients at once.
 */
export async function benchRequests(env: BenchEnvironment, run: RequestRun) {
  const servers: Server[] = [{ label: run.beforeDir ? "after" : "this build", baseUrl: env.baseUrl, pid: env.serverPid }];
  const other = run.beforeDir ? await startServerOf(run.beforeDir, env.databaseUrl) : null;
  if (other) servers.unshift({ label: "before", baseUrl: other.baseUrl, pid: other.server.pid ?? 0 });
  const kinds = new Map<Server, Kind[]>();
  for (const server of servers) kinds.set(server, kindsFor(env.token, await sessionCookie(server.baseUrl, "bench@bench.tandem", BENCH_PASSWORD)));
  const pgPort = new URL(env.databaseUrl).port;
  const db = new pg.Client({ connectionString: env.databaseUrl });
  await db.connect();
  try {
    for (const server of servers) for (const kind of kinds.get(server) ?? []) for (let i = 0; i < 50; i++) await send(server.baseUrl, kind);

    console.log(`\nRequests: ${run.sequential} of each kind one after another, then ${run.clients} clients × ${run.perClient} at once; GET /api/v1/studies of an empty database`);
    console.log("  build | kind | sequential p50 / p95 ms | Node CPU ms/req | PostgreSQL CPU ms/req | commits / scans / rows written per req | concurrent p50 / p95 ms | req/s | Node CPU ms/req");
    for (let k = 0; k < KIND_COUNT; k++) {
      for (const server of servers) {
        const kind = kinds.get(server)?.[k];
        if (!kind) continue;
        const before = await databaseCounters(db);
        const [node0, pg0] = [nodeTicks(server.pid), postgresTicks(pgPort)];
        const sequential: number[] = [];
        for (let i = 0; i < run.sequential; i++) sequential.push(await send(server.baseUrl, kind));
        const [node1, pg1] = [nodeTicks(server.pid), postgresTicks(pgPort)];
        const after = await databaseCounters(db);
        const per = (delta: number) => (delta / run.sequential).toFixed(2);
        const cpu = (ticks: number) => ((ticks * 10) / run.sequential).toFixed(2);

        const concurrent: number[] = [];
        const node2 = nodeTicks(server.pid);
        const started = performance.now();
        await Promise.all(
          Array.from({ length: run.clients }, async () => {
            for (let i = 0; i < run.perClient; i++) concurrent.push(await send(server.baseUrl, kind));
          }),
        );
        const seconds = (performance.now() - started) / 1000;
        const node3 = nodeTicks(server.pid);
        const total = run.clients * run.perClient;
        console.log(
          `  ${server.label} | ${kind.label} | ${fmt(sequential, 0.5)} / ${fmt(sequential, 0.95)} | ${cpu(node1 - node0)} | ${cpu(pg1 - pg0)} | ` +
            `${per(after.commits - before.commits)} / ${per(after.scans - before.scans)} / ${per(after.updated - before.updated)} | ` +
            `${fmt(concurrent, 0.5)} / ${fmt(concurrent, 0.95)} | ${(total / seconds).toFixed(0)} | ${(((node3 - node2) * 10) / total).toFixed(2)}`,
        );
      }
    }
  } finally {
    await db.end();
    if (other) {
      other.server.kill("SIGTERM");
      await exited(other.server);
    }
  }
  if (run.profile) {
    if (run.beforeDir) await profileRequests(env, run, "before", run.beforeDir);
    await profileRequests(env, run, servers.at(-1)?.label ?? "", ROOT);
  }
}

/**
 * The sequential phase again, on a second server of the same build and
 * database started with --cpu-prof. Only samples taken while one kind's
 * requests ran are summed (the profile also holds the server's start).
 */
async function profileRequests(env: BenchEnvironment, run: RequestRun, label: string, dir: string) {
  const profiles = mkdtempSync(path.join(tmpdir(), "tandem-request-profile-"));
  const { server, baseUrl, spawned } = await startServerOf(dir, env.databaseUrl, ["--cpu-prof", `--cpu-prof-dir=${profiles}`, "--cpu-prof-interval=250"]);
  try {
    const cookie = await sessionCookie(baseUrl, "bench@bench.tandem", BENCH_PASSWORD);
    const kinds = kindsFor(env.token, cookie);
    const windows: { kind: Kind; from: number; to: number }[] = [];
    for (const kind of kinds) {
      for (let i = 0; i < 50; i++) await send(baseUrl, kind);
      const from = performance.now() - spawned;
      for (let i = 0; i < run.sequential; i++) await send(baseUrl, kind);
      windows.push({ kind, from, to: performance.now() - spawned });
    }
    server.kill("SIGTERM");
    await exited(server);
    // One profile per thread (the password-hashing workers write theirs too): the one that served HTTP was busiest in the windows.
    const written = readdirSync(profiles).map((file) => JSON.parse(readFileSync(path.join(profiles, file), "utf8")) as CpuProfile);
    const busy = (p: CpuProfile) => windows.reduce((sum, w) => sum + [...summarise(p, w.from, w.to).values()].reduce((a, b) => a + b, 0), 0);
    const profile = written.sort((a, b) => busy(b) - busy(a))[0];
    if (!profile) throw new Error("The server wrote no CPU profile.");
    const kept = path.join(tmpdir(), `tandem-request-${Date.now()}.cpuprofile`);
    writeFileSync(kept, JSON.stringify(profile));
    writeFileSync(`${kept}.windows.json`, JSON.stringify(windows.map(({ kind, from, to }) => ({ label: kind.label, from, to }))));
    console.log(`\nProfile kept in ${kept} (open it in Chrome DevTools; its request windows in ${kept}.windows.json).`);
    printProfile(profile, windows.map(({ kind, from, to }) => ({ label: kind.label, from, to })), run.sequential, `${label} (${dir})`);
  } finally {
    if (server.exitCode === null) server.kill("SIGTERM");
    await exited(server);
    rmSync(profiles, { recursive: true, force: true });
  }
}

/** Sums a profile's samples in each request window by category, and lists the Bearer window's hottest frames. */
export function printProfile(profile: CpuProfile, windows: { label: string; from: number; to: number }[], requests: number, build = "") {
  console.log(`\nWhere a request's server CPU goes, ${build} (--cpu-prof, ${requests} sequential requests of each kind; ms per request by the innermost recognised frame, bundled code through its source map):`);
  for (const { label, from, to } of windows) {
    const shares = summarise(profile, from, to);
    const total = [...shares.values()].reduce((sum, us) => sum + us, 0);
    const parts = [...shares].sort((a, b) => b[1] - a[1]).map(([what, us]) => `${what} ${(us / 1000 / requests).toFixed(2)}`);
    console.log(`  ${label}: ${(total / 1000 / requests).toFixed(2)} ms busy — ${parts.join(", ")}`);
  }
  const bearer = windows.find((w) => w.label.startsWith("Bearer"));
  if (!bearer) return;
  console.log("  hottest frames of the Bearer-token window (self ms per request):");
  for (const [frame, us] of topFrames(profile, bearer.from, bearer.to, 25)) console.log(`    ${(us / 1000 / requests).toFixed(3)}  ${frame}`);
}

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const maps = new Map<string, SourceMap | null>();

/** The original file of a frame in a bundled server chunk, through the chunk's source map; null if there is none. */
function originalSource(frame: CpuProfileNode["callFrame"]): string | null {
  if (!frame.url.includes("/.next/server/")) return null;
  const file = frame.url.startsWith("file://") ? fileURLToPath(frame.url) : frame.url;
  if (!maps.has(file)) {
    try {
      maps.set(file, new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")) as SourceMapPayload));
    } catch {
      maps.set(file, null);
    }
  }
  const entry = maps.get(file)?.findEntry(frame.lineNumber, frame.columnNumber);
  return entry && "originalSource" in entry ? entry.originalSource : null;
}

/** Where a frame's code comes from, by its (original) file; null when the file says nothing (then its caller decides). */
function categoryOf(frame: CpuProfileNode["callFrame"]): string | null {
  const { functionName } = frame;
  const url = originalSource(frame) ?? frame.url;
  if (functionName === "(garbage collector)") return "GC";
  if (functionName === "(idle)") return null;
  if (functionName === "(program)") return "V8/native (program)";
  if (/node_modules\/@prisma\/(adapter-pg|driver-adapter-utils)/.test(url)) return "Prisma pg adapter";
  if (/node_modules\/@prisma\/|query_compiler|wasm:\/\/|lib\/db\/generated/.test(url)) return "Prisma client";
  if (/node_modules\/(pg|pg-protocol|pg-pool|pg-types)\//.test(url)) return "pg driver";
  if (/node_modules\/(next-auth|jose|openid-client|oauth|@panva)\//.test(url)) return "next-auth + jose (session cookie)";
  if (/node_modules\/zod\//.test(url)) return "zod";
  if (/\/lib\/auth\//.test(url)) return "lib/auth (token, session)";
  if (/\/lib\/api\//.test(url)) return "lib/api (route wrapper)";
  if (/\/lib\/db\//.test(url)) return "lib/db";
  if (/\/(features|app|lib)\//.test(url) && !url.includes("node_modules")) return "route handler + other app code";
  if (/node_modules\/next\/|next\/dist|\[turbopack\]|turbopack/.test(url)) return "Next (framework)";
  if (/node:zlib|zlib/.test(url)) return "compression (zlib)";
  if (url.includes("/.next/server/")) return "other bundled code";
  return null;
}

function* samplesIn(profile: CpuProfile, fromMs: number, toMs: number): Generator<[number, number]> {
  let t = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    const ms = t / 1000;
    if (ms >= fromMs && ms <= toMs) yield [profile.samples[i] ?? 0, profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0];
  }
}

function parents(profile: CpuProfile): Map<number, CpuProfileNode | undefined> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, CpuProfileNode | undefined>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node);
  return new Map([...byId.keys()].map((id) => [id, parent.get(id)]));
}

/** Microseconds by category over the samples in [fromMs, toMs] of the profile's clock (ms since its start). */
function summarise(profile: CpuProfile, fromMs: number, toMs: number): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = parents(profile);
  const shares = new Map<string, number>();
  for (const [id, us] of samplesIn(profile, fromMs, toMs)) {
    let node = byId.get(id);
    if (node?.callFrame.functionName === "(idle)") continue;
    let category: string | null = null;
    while (node && category === null) {
      category = categoryOf(node.callFrame);
      node = parentOf.get(node.id);
    }
    const key = category ?? "Node internals (http, streams, timers)";
    shares.set(key, (shares.get(key) ?? 0) + us);
  }
  return shares;
}

function topFrames(profile: CpuProfile, fromMs: number, toMs: number, count: number): [string, number][] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  for (const [id, us] of samplesIn(profile, fromMs, toMs)) {
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === "(idle)") continue;
    const key = `${frame.functionName || "(anonymous)"} ${(originalSource(frame) ?? frame.url).replace(/^.*node_modules\//, "").replace(/^(\.\.\/)+|^.*\.next\//, "")}:${frame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + us);
  }
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, count);
}
