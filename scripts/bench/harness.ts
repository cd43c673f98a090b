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
    env: { NODE_OPTIONS: `--max-old-space-size=${SERVER_HEAP_MIB}` },
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

/** Resident memory (bytes) of a process and all its descendants. */
export function treeRss(rootPid: number): number {
  const children = new Map<number, number[]>();
  let total = 0;
  const rss = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const pid = Number(entry);
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
      rss.set(pid, Number(fields[21]) * 4096);
    } catch {
      /* the process ended meanwhile */
    }
  }
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop() ?? 0;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
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
