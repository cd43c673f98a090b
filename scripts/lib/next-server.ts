// Runs the production Next server as a child process and builds it first
// when the build is missing or older than the sources.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const SOURCES = ["app", "components", "features", "lib", "public", "prisma/schema.prisma", "next.config.ts", "package-lock.json"];
const SKIP = new Set(["node_modules", "generated", ".next"]);

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (!SKIP.has(entry)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

export function buildIfStale(log: (message: string) => void): void {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const changed = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
  if (built > changed) return;
  log(built ? "Sources changed since the last build: rebuilding…" : "Building Tandem (first start only)…");
  const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error("The build failed; see the output above.");
}

export function hasBuild(): boolean {
  return existsSync(path.join(root, ".next", "BUILD_ID"));
}

export function startNextServer(
  port: number,
  env: Record<string, string>,
  stdio: "inherit" | "pipe" = "inherit",
): ChildProcess {
  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  return spawn(process.execPath, [nextBin, "start", "--port", String(port)], {
    cwd: root,
    stdio,
    env: { ...process.env, ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
}

/**
 * The built app serving `databaseUrl` on `port` with a throwaway auth secret,
 * as the test tiers and benchmarks run it.
 */
export function startAppServer(
  port: number,
  databaseUrl: string,
  options: { env?: Record<string, string>; stdio?: "inherit" | "pipe" } = {},
): { server: ChildProcess; baseUrl: string } {
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = startNextServer(
    port,
    { DATABASE_URL: databaseUrl, NEXTAUTH_SECRET: randomBytes(32).toString("hex"), NEXTAUTH_URL: baseUrl, ...options.env },
    options.stdio ?? "pipe",
  );
  return { server, baseUrl };
}

/** Polls `url` until the server answers (any status), or throws after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, { redirect: "manual" });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Resolves when the child has exited (immediately if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}
