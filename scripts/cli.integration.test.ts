// The command line of docs/design.md §7, run as a user runs it, against the test database.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { api, unique, userWithToken } from "@/tests/integration/helpers";
import { scenario } from "@/tests/fixtures/study";
import { studyWithAnswers } from "@/tests/integration/queues";
import { csrf, postSignIn } from "@/tests/integration/sign-in";

const root = path.resolve(import.meta.dirname, "..");

function cli(...args: string[]) {
  return cliIn(root, ...args);
}

/**
 * Runs the command without blocking the test's event loop (a synchronous
 * spawn would leave a keep-alive connection the app closed meanwhile looking
 * open, and the next request would fail on it).
 */
function cliIn(cwd: string, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["scripts/run.mjs", "scripts/cli.ts", ...args], {
      cwd,
      env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("npm run cli", () => {
  it("creates a user whose password works and is stored hashed", async () => {
    const email = `${unique("cli")}@test.tandem`;
    const result = await cli("create-user", "--email", email, "--name", "Cli Admin", "--role", "admin", "--password", "long enough pw");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Created admin ${email}`);
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    expect(user).toMatchObject({ role: "admin", name: "Cli Admin", active: true });
    expect(user.passwordHash).not.toContain("long enough pw");
  });

  it("prints a token once that then authenticates over the API, until it is revoked", async () => {
    const email = `${unique("cli")}@test.tandem`;
    expect((await cli("create-user", "--email", email, "--name", "R", "--role", "researcher", "--password", "long enough pw")).status).toBe(0);
    const created = await cli("create-token", "--email", email, "--label", "script");
    expect(created.status).toBe(0);
    const token = created.stdout.trim().split("\n").at(-1) ?? "";
    expect(token).toMatch(/^tdm_/);
    const stored = await prisma.apiToken.findFirstOrThrow({ where: { user: { email } } });
    expect(stored.label).toBe("script");
    expect(JSON.stringify(stored)).not.toContain(token);
    expect((await api("/api/v1/studies", { token })).status).toBe(200);
    expect((await cli("revoke-token", "--id", stored.id)).status).toBe(0);
    expect((await api("/api/v1/studies", { token })).status).toBe(401);
  });

  it("names every bad option and exits non-zero without writing", async () => {
    const before = await prisma.user.count();
    const result = await cli("create-user", "--email", "not-an-email", "--name", "X", "--role", "superuser", "--password", "short");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("--email: Enter a valid email address.");
    expect(result.stderr).toContain("--role: Role must be one of: admin, researcher, rater.");
    expect(result.stderr).toContain("--password: The password needs at least 10 characters.");
    expect(await prisma.user.count()).toBe(before);
  });

  it("refuses a password the rule forbids, saying why, and writes nothing", async () => {
    const email = `${unique("cli-rule")}@test.tandem`;
    const create = (password: string) => cli("create-user", "--email", email, "--name", "R", "--role", "rater", "--password", password);
    const long = await create("p".repeat(73));
    expect(long.status).toBe(1);
    expect(long.stderr).toContain("--password: The password may be at most 72 bytes");
    expect((await create("Password123")).stderr).toContain("--password: This is one of the best-known passwords; choose another.");
    expect((await create(email.split("@")[0] ?? "")).stderr).toContain(
      "--password: The password must not be the email address or the part of it before the @.",
    );
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  it("explains an unknown user or command", async () => {
    const token = await cli("create-token", "--email", "nobody@test.tandem");
    expect(token.status).toBe(1);
    expect(token.stderr).toContain("The user nobody@test.tandem was not found.");
    const unknown = await cli("frobnicate");
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("usage:");
    const help = await cli("--help");
    expect(help).toMatchObject({ status: 0, stdout: expect.stringContaining("npm run cli -- create-user") as string });
    const option = await cli("create-token", "--emial", "x@test.tandem");
    expect(option.status).toBe(2);
    expect(option.stderr).toContain("Unknown option '--emial'");
    expect(option.stderr).toContain("usage:");
    expect(option.stderr).not.toContain("    at ");
  });

  it("locks a study with a snapshot and unlocks it, as the named admin or as the command line; the wrong state or option exits non-zero", async () => {
    const admin = await userWithToken("admin");
    const studyId = await studyWithAnswers(admin, 2);
    const locked = await cli("lock-study", "--study", studyId, "--reason", "Frozen for the paper", "--email", admin.email);
    expect(locked.stderr).toBe("");
    expect(locked.status).toBe(0);
    const snapshot = await prisma.studySnapshot.findFirstOrThrow({ where: { studyId }, include: { files: { select: { name: true } } } });
    expect(locked.stdout).toContain(`snapshot ${snapshot.id}, data sha256 ${snapshot.dataSha256}`);
    expect(snapshot).toMatchObject({ createdById: admin.user.id, reason: "Frozen for the paper" });
    expect(snapshot.files.map((f) => f.name).sort()).toEqual(["analysis.json", "analysis.md", "ratings.csv", "results.json"]);
    expect(await prisma.study.findUniqueOrThrow({ where: { id: studyId } })).toMatchObject({ lockedById: admin.user.id, lockReason: "Frozen for the paper" });
    // The API sees the lock the command line took.
    expect((await api(`/api/v1/studies/${studyId}/scenarios`, { method: "POST", token: admin.token, body: JSON.stringify(scenario("S9")) })).status).toBe(409);

    const again = await cli("lock-study", "--study", studyId, "--reason", "again");
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`The study is locked by ${admin.user.name}`);
    expect((await cli("unlock-study", "--study", studyId, "--reason", "More ratings")).status).toBe(0);
    expect((await prisma.study.findUniqueOrThrow({ where: { id: studyId } })).lockedAt).toBeNull();
    expect(await prisma.auditLog.findFirst({ where: { studyId, action: "study.unlock" }, select: { actorId: true } })).toEqual({ actorId: null });
    const open = await cli("unlock-study", "--study", studyId, "--reason", "again");
    expect(open.status).toBe(1);
    expect(open.stderr).toContain("The study is not locked");

    const bad = await cli("lock-study", "--study", "nope", "--reason", "");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("--study: Give the study's id.");
    expect(bad.stderr).toContain("--reason: Give a reason.");
    const researcher = await userWithToken("researcher");
    expect((await cli("lock-study", "--study", studyId, "--reason", "x", "--email", researcher.email)).stderr).toContain(`--email: ${researcher.email} is not an active admin.`);
    expect(await prisma.studySnapshot.count({ where: { studyId } })).toBe(1);
    expect((await prisma.study.findUniqueOrThrow({ where: { id: studyId } })).lockedAt).toBeNull();
  }, 120_000);

  it("deactivates and reactivates a user: their token is refused, then works again", async () => {
    const researcher = await userWithToken("researcher");
    const off = await cli("deactivate-user", "--email", researcher.email.toUpperCase());
    expect(off.stderr).toBe("");
    expect(off.stdout).toContain(`${researcher.email} is deactivated`);
    expect((await api("/api/v1/studies", { token: researcher.token })).status).toBe(401);
    expect((await cli("activate-user", "--email", researcher.email)).stdout).toContain(`${researcher.email} is active.`);
    expect((await api("/api/v1/studies", { token: researcher.token })).status).toBe(200);
    const audit = await prisma.auditLog.findMany({ where: { entityId: researcher.user.id, action: "user.update" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.actorId, (a.data as { after: unknown }).after])).toEqual([
      [null, { role: "researcher", active: false }],
      [null, { role: "researcher", active: true }],
    ]);
  });

  it("sets a role, naming a bad one", async () => {
    const researcher = await userWithToken("researcher");
    expect((await cli("set-role", "--email", researcher.email, "--role", "admin")).stdout).toContain(`${researcher.email} is now admin.`);
    expect((await api("/api/v1/users", { token: researcher.token })).status).toBe(200);
    const bad = await cli("set-role", "--email", researcher.email, "--role", "owner");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("--role: Role must be one of: admin, researcher, rater.");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: researcher.user.id } })).role).toBe("admin");
  });

  it("resets a password, printing the temporary one, which then signs in", async () => {
    const rater = await userWithToken("rater");
    const reset = await cli("reset-password", "--email", rater.email);
    expect(reset.status).toBe(0);
    const temporary = reset.stdout.trim().split("\n").at(-1) ?? "";
    expect(temporary).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    const signIn = async (password: string) => (await postSignIn(rater.email, password, { csrf: await csrf() })).status;
    expect(await signIn(rater.password)).toBe(401);
    expect(await signIn(temporary)).toBe(200);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: rater.user.id } })).mustChangePassword).toBe(true);
  });

  it("refuses to deactivate or demote the last active admin, and names an unknown user", async () => {
    const admin = await userWithToken("admin");
    const others = await prisma.user.findMany({ where: { role: "admin", active: true, id: { not: admin.user.id } }, select: { id: true } });
    await prisma.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { active: false } });
    try {
      for (const args of [["deactivate-user"], ["set-role", "--role", "rater"]]) {
        const refused = await cli(...args, "--email", admin.email);
        expect(refused.status).toBe(1);
        expect(refused.stderr).toContain("This is the last active admin");
      }
      expect(await prisma.user.findUniqueOrThrow({ where: { id: admin.user.id } })).toMatchObject({ role: "admin", active: true });
    } finally {
      await prisma.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { active: true } });
    }
    const unknown = await cli("reset-password", "--email", "nobody-at-all@test.tandem");
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("The user nobody-at-all@test.tandem was not found.");
  });

  it("works from a clean tree, before anything generated the Prisma client", async () => {
    const tracked = spawnSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" }).stdout.split("\0").filter(Boolean);
    const clean = mkdtempSync(path.join(tmpdir(), "tandem-clean-"));
    try {
      for (const file of tracked) if (existsSync(path.join(root, file))) cpSync(path.join(root, file), path.join(clean, file));
      symlinkSync(path.join(root, "node_modules"), path.join(clean, "node_modules"));
      expect(existsSync(path.join(clean, "lib/db/generated"))).toBe(false);
      const email = `${unique("cli-clean")}@test.tandem`;
      const result = await cliIn(clean, "create-user", "--email", email, "--name", "Fresh", "--role", "admin", "--password", "long enough pw");
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`Created admin ${email}`);
      expect(await prisma.user.count({ where: { email } })).toBe(1);
    } finally {
      rmSync(clean, { recursive: true, force: true });
    }
  }, 120_000);
});
