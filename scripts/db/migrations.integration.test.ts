import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, diffToSchema, migrationsDir, readMigrationList, readSchema } from "./migrations";

const url = process.env.DATABASE_URL ?? "";
const client = new pg.Client({ connectionString: url });
beforeAll(() => client.connect());
afterAll(() => client.end());

describe("migrations", () => {
  it("leave the database exactly as schema.prisma describes it (a schema change without a migration fails here)", async () => {
    const drift = await diffToSchema(url, "database");
    expect(drift, `schema.prisma and prisma/migrations disagree; run npm run db:migration:new -- <name>.\n${drift}`).toBe("");
  });

  it("would report a model change that has no migration", async () => {
    const { content } = await readSchema();
    const changed = content.replace(/model Study \{\n/, "model Study {\n  extraColumn Int?\n");
    expect(changed).not.toBe(content);
    const drift = await diffToSchema(url, "database", changed);
    expect(drift).toContain('ALTER TABLE "studies" ADD COLUMN');
    expect(drift).toContain('"extraColumn"');
  });

  it("are recorded as `prisma migrate deploy` records them, and applying again does nothing", async () => {
    expect(await applyMigrations(url)).toEqual([]);
    const { migrationDirectories } = await readMigrationList();
    const rows = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      "SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name",
    );
    expect(rows.rows.map((r) => r.migration_name)).toEqual(migrationDirectories.map((d) => d.path));
    for (const row of rows.rows) {
      const sql = await readFile(path.join(migrationsDir, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.finished_at).not.toBeNull();
    }
  });

  it("run each script whole, so a function body keeps its semicolons", async () => {
    const { rows } = await client.query<{ body: string }>("SELECT prosrc AS body FROM pg_proc WHERE proname = 'refresh_pooled_pairs'");
    expect(rows[0]?.body.match(/;/g)?.length).toBeGreaterThan(3);
    expect(rows[0]?.body).toContain("DELETE FROM pooled_pairs");
  });
});
