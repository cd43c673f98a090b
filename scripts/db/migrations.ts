// Apply and diff the migrations in prisma/migrations with the WebAssembly
// schema engine; the database ends up exactly as `prisma migrate deploy`
// would leave it (including its _prisma_migrations table).
//
// Nothing here is patched, but it relies on the engine's input and output
// shapes (MigrationList, the diff's `schemaDatasource` source and its exit
// code 2 for "differs") and on the engine keeping `_prisma_migrations` as
// the CLI does (sha256 checksums of migration.sql). Guarded by
// scripts/db/migrations.integration.test.ts: "would report a model change
// that has no migration" and "are recorded as `prisma migrate deploy`
// records them, and applying again does nothing".
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { MigrationList } from "@prisma/schema-engine-wasm";
import { openSchemaEngine } from "./schema-engine";

const projectRoot = path.resolve(import.meta.dirname, "../..");
export const schemaPath = path.join(projectRoot, "prisma/schema.prisma");
export const migrationsDir = path.join(projectRoot, "prisma/migrations");

const noFilter = { externalTables: [], externalEnums: [] };

export async function readSchema(): Promise<{ path: string; content: string }> {
  return { path: schemaPath, content: await readFile(schemaPath, "utf8") };
}

export async function readMigrationList(): Promise<MigrationList> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: await readFile(lockPath, "utf8").catch(() => null) },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      folders.map(async (folder) => ({
        path: folder,
        migrationFile: {
          path: "migration.sql",
          content: await readFile(path.join(migrationsDir, folder, "migration.sql"), "utf8").then(
            (value) => ({ tag: "ok" as const, value }),
            (error: unknown) => ({ tag: "error" as const, value: String(error) }),
          ),
        },
      })),
    ),
  };
}

/** Applies every pending migration; returns the names of those applied. */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  const engine = await openSchemaEngine(databaseUrl, await readSchema());
  try {
    const result = await engine.applyMigrations({ migrationsList: await readMigrationList(), filters: noFilter });
    return result.appliedMigrationNames;
  } finally {
    engine.free();
  }
}

/**
 * The SQL that would bring the database (or an empty one) to schema.prisma
 * (or to `schemaContent`, when given); an empty string when they agree.
 */
export async function diffToSchema(
  databaseUrl: string,
  from: "database" | "empty",
  schemaContent?: string,
): Promise<string> {
  const schema = schemaContent === undefined ? await readSchema() : { path: schemaPath, content: schemaContent };
  const engine = await openSchemaEngine(databaseUrl, schema);
  try {
    const result = await engine.diff({
      // "schemaDatasource" reads the live database behind the engine's adapter.
      from: from === "empty" ? { tag: "empty" } : { tag: "schemaDatasource", files: [schema], configDir: projectRoot },
      to: { tag: "schemaDatamodel", files: [schema] },
      script: true,
      exitCode: true,
      filters: noFilter,
    });
    return result.exitCode === 2 ? (result.stdout ?? "") : "";
  } finally {
    engine.free();
  }
}
