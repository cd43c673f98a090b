// What the benchmarks share: a throwaway database, the built app serving it,
// an admin token, and the server's memory measured from /proc.
import { readdirSync, readFileSync } from "node:fs";
import { applyMigrations } from "../db/migrations";
import { freePort } from "../db/embedded-postgres";
import { openTestDatabase } from "../../tests/support/test-database";
import { buildIfStale, exited, startAppServer, waitForHttp } from "../lib/next-server";

/** The server's old-space limit during the benchmarks (the 100,000-answer file is ~150 MiB). */
export const SERVER_HEAP_MIB = Number(process.env.BENCH_SERVER_HEAP_MIB ?? 160);

export interface BenchEnvironment {
  databaseUrl: string;
  baseUrl: string;
  serverPid: number;
  token: string;
  adminId: string;
  close(): Promise<void>;
}

export async function openBenchEnvironment(): Promise<BenchEnvironment> {
  buildIfStale(console.log);
  const database = await openTestDatabase("tandem_bench");
  await applyMigrations(database.url);
  process.env.DATABASE_URL = database.url;
  const { createApiToken, createUser } = await import("@/features/users/service");
  const { newTokenSchema, newUserSchema } = await import("@/features/users/schemas");
  const admin = await createUser(newUserSchema.parse({ email: "bench@bench.tandem", name: "Bench", role: "admin", password: "bench-password" }));
  const { token } = await createApiToken(newTokenSchema.parse({ email: admin.email }));
  // A server heap far smaller than the import file proves the import does not hold the file.
  const { server, baseUrl } = startAppServer(await freePort(), database.url, {
    env: { NODE_OPTIONS: `--max-old-space-size=${SERVER_HEAP_MIB} ${process.env.BENCH_SERVER_NODE_OPTIONS ?? ""}` },
  });
  await waitForHttp(`${baseUrl}/sign-in`);
  return {
    databaseUrl: database.url,
    baseUrl,
    serverPid: server.pid ?? 0,
    token,
    adminId: admin.id,
    close: async () => {
      server.kill("SIGTERM");
      await exited(server);
      await database.drop();
    },
  };
}

/** Every process's /proc/PID/stat fields after the command name (field 3 onwards, so index 1 is the parent). */
function processStats(): Map<number, string[]> {
  const stats = new Map<number, string[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      stats.set(Number(entry), stat.slice(stat.lastIndexOf(")") + 2).split(" "));
    } catch {
      /* the process ended meanwhile */
    }
  }
  return stats;
}

/** A process and all its descendants, with their stat fields. */
function processTree(rootPid: number): string[][] {
  const stats = processStats();
  const children = new Map<number, number[]>();
  for (const [pid, fields] of stats) children.set(Number(fields[1]), [...(children.get(Number(fields[1])) ?? []), pid]);
  const tree: string[][] = [];
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop() ?? 0;
    const fields = stats.get(pid);
    if (fields) tree.push(fields);
    stack.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** Resident memory (bytes) of a process and all its descendants. */
export function treeRss(rootPid: number): number {
  return processTree(rootPid).reduce((sum, fields) => sum + Number(fields[21]) * 4096, 0);
}

/** CPU seconds (user + system) used so far by a process and its descendants, and by the children they have reaped. */
export function treeCpuSeconds(rootPid: number): number {
  const ticks = processTree(rootPid).reduce((sum, f) => sum + Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]), 0);
  return ticks / 100;
}

/** The postmaster of the PostgreSQL cluster listening on `port` (0 when none is found). */
export function postmasterPid(port: number): number {
  for (const pid of processStats().keys()) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(`-p\u0000${port}`)) return pid;
    } catch {
      /* ended meanwhile */
    }
  }
  return 0;
}

/** Samples `treeRss` every 50 ms while `work` runs; returns its result and the peak. */
export async function withPeakRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peak: number; before: number }> {
  const before = treeRss(pid);
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, treeRss(pid))), 50);
  try {
    const result = await work();
    return { result, peak: Math.max(peak, treeRss(pid)), before };
  } finally {
    clearInterval(timer);
  }
}

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
