// The command line of docs/design.md §7, run as a user runs it, against the test database.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { api, unique, userWithToken } from "@/tests/integration/helpers";
import { csrf, postSignIn } from "@/tests/integration/sign-in";

const root = path.resolve(import.meta.dirname, "..");

function cli(...args: string[]) {
  return cliIn(root, ...args);
}

/**
 * Lets the event loop run after a command: spawnSync blocks it for as long as
 * the command takes, and an HTTP connection the app closed meanwhile (its
 * keep-alive ran out) must be noticed before the next request, not reused.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

function cliIn(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ["scripts/run.mjs", "scripts/cli.ts", ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run cli", () => {
  it("creates a user whose password works and is stored hashed", async () => {
    const email = `${unique("cli")}@test.tandem`;
    const result = cli("create-user", "--email", email, "--name", "Cli Admin", "--role", "admin", "--password", "long enough pw");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Created admin ${email}`);
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    expect(user).toMatchObject({ role: "admin", name: "Cli Admin", active: true });
    expect(user.passwordHash).not.toContain("long enough pw");
  });

  it("prints a token once that then authenticates over the API, until it is revoked", async () => {
    const email = `${unique("cli")}@test.tandem`;
    expect(cli("create-user", "--email", email, "--name", "R", "--role", "researcher", "--password", "long enough pw").status).toBe(0);
    const created = cli("create-token", "--email", email, "--label", "script");
    expect(created.status).toBe(0);
    const token = created.stdout.trim().split("\n").at(-1) ?? "";
    expect(token).toMatch(/^tdm_/);
    const stored = await prisma.apiToken.findFirstOrThrow({ where: { user: { email } } });
    expect(stored.label).toBe("script");
    expect(JSON.stringify(stored)).not.toContain(token);

    await settle();
    expect((await api("/api/v1/studies", { token })).status).toBe(200);
    expect(cli("revoke-token", "--id", stored.id).status).toBe(0);
    await settle();
    expect((await api("/api/v1/studies", { token })).status).toBe(401);
  });

  it("names every bad option and exits non-zero without writing", async () => {
    const before = await prisma.user.count();
    const result = cli("create-user", "--email", "not-an-email", "--name", "X", "--role", "superuser", "--password", "short");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("--email: Enter a valid email address.");
    expect(result.stderr).toContain("--role: Role must be one of: admin, researcher, rater.");
    expect(result.stderr).toContain("--password: The password needs at least 10 characters.");
    expect(await prisma.user.count()).toBe(before);
  });

  it("refuses a password the rule forbids, saying why, and writes nothing", async () => {
    const email = `${unique("cli-rule")}@test.tandem`;
    const create = (password: string) => cli("create-user", "--email", email, "--name", "R", "--role", "rater", "--password", password);
    const long = create("p".repeat(73));
    expect(long.status).toBe(1);
    expect(long.stderr).toContain("--password: The password may be at most 72 bytes");
    expect(create("Password123").stderr).toContain("--password: This is one of the best-known passwords; choose another.");
    expect(create(email.split("@")[0] ?? "").stderr).toContain(
      "--password: The password must not be the email address or the part of it before the @.",
    );
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  it("explains an unknown user or command", () => {
    const token = cli("create-token", "--email", "nobody@test.tandem");
    expect(token.status).toBe(1);
    expect(token.stderr).toContain("The user nobody@test.tandem was not found.");
    const unknown = cli("frobnicate");
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("usage:");
  });

  it("deactivates and reactivates a user: their token is refused, then works again", async () => {
    const researcher = await userWithToken("researcher");
    const off = cli("deactivate-user", "--email", researcher.email.toUpperCase());
    expect(off.stderr).toBe("");
    expect(off.stdout).toContain(`${researcher.email} is deactivated`);
    await settle();
    expect((await api("/api/v1/studies", { token: researcher.token })).status).toBe(401);
    expect(cli("activate-user", "--email", researcher.email).stdout).toContain(`${researcher.email} is active.`);
    await settle();
    expect((await api("/api/v1/studies", { token: researcher.token })).status).toBe(200);
    const audit = await prisma.auditLog.findMany({ where: { entityId: researcher.user.id, action: "user.update" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.actorId, (a.data as { after: unknown }).after])).toEqual([
      [null, { role: "researcher", active: false }],
      [null, { role: "researcher", active: true }],
    ]);
  });

  it("sets a role, naming a bad one", async () => {
    const researcher = await userWithToken("researcher");
    expect(cli("set-role", "--email", researcher.email, "--role", "admin").stdout).toContain(`${researcher.email} is now admin.`);
    await settle();
    expect((await api("/api/v1/users", { token: researcher.token })).status).toBe(200);
    const bad = cli("set-role", "--email", researcher.email, "--role", "owner");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("--role: Role must be one of: admin, researcher, rater.");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: researcher.user.id } })).role).toBe("admin");
  });

  it("resets a password, printing the temporary one, which then signs in", async () => {
    const rater = await userWithToken("rater");
    const reset = cli("reset-password", "--email", rater.email);
    expect(reset.status).toBe(0);
    const temporary = reset.stdout.trim().split("\n").at(-1) ?? "";
    expect(temporary).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    await settle();
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
        const refused = cli(...args, "--email", admin.email);
        expect(refused.status).toBe(1);
        expect(refused.stderr).toContain("This is the last active admin");
      }
      expect(await prisma.user.findUniqueOrThrow({ where: { id: admin.user.id } })).toMatchObject({ role: "admin", active: true });
    } finally {
      await prisma.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { active: true } });
    }
    const unknown = cli("reset-password", "--email", "nobody-at-all@test.tandem");
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
      const result = cliIn(clean, "create-user", "--email", email, "--name", "Fresh", "--role", "admin", "--password", "long enough pw");
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`Created admin ${email}`);
      expect(await prisma.user.count({ where: { email } })).toBe(1);
    } finally {
      rmSync(clean, { recursive: true, force: true });
    }
  }, 120_000);
});
