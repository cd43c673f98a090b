import { chmod, mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { letPostgresThrough } from "./embedded-postgres";

const created: string[] = [];
afterEach(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("letPostgresThrough", () => {
  it("as root, adds only the traverse bit for others to every folder above a cluster; otherwise changes nothing", async () => {
    const top = await mkdtemp(path.join(tmpdir(), "tandem-perm-"));
    created.push(top);
    const inner = path.join(top, "checkout", ".data");
    await mkdir(inner, { recursive: true });
    await chmod(top, 0o700);
    await chmod(path.join(top, "checkout"), 0o750);
    await letPostgresThrough(inner);
    const mode = async (dir: string) => (await stat(dir)).mode & 0o777;
    const root = process.getuid?.() === 0;
    expect(await mode(top)).toBe(root ? 0o701 : 0o700);
    expect(await mode(path.join(top, "checkout"))).toBe(root ? 0o751 : 0o750);
  });
});

describe("a process that loads the embedded PostgreSQL", () => {
  it("exits with the code it set, not the 0 that embedded-postgres's exit hook forces (a test run's failures must fail CI)", () => {
    const script = `await import(${JSON.stringify(path.join(import.meta.dirname, "embedded-postgres.ts"))}); process.exitCode = 3;`;
    const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(3);
  });

  it("still exits 0 when nothing failed", () => {
    const script = `await import(${JSON.stringify(path.join(import.meta.dirname, "embedded-postgres.ts"))});`;
    expect(spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script]).status).toBe(0);
  });
});
