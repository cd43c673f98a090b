// npm run db:migration:new -- <name>
// Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that
// takes a database migrated to the latest migration to schema.prisma — what
// `prisma migrate dev --create-only` would write. It works on a scratch
// embedded cluster, so no existing database is touched.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { freePort, scratchClusterDir, startEmbeddedPostgres } from "./db/embedded-postgres";
import { applyMigrations, diffToSchema, migrationsDir } from "./db/migrations";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration:new -- <name in snake_case>");
  process.exit(2);
}

const cluster = await startEmbeddedPostgres({
  dataDir: scratchClusterDir("tandem-migration"),
  port: await freePort(),
  persistent: false,
});
try {
  await cluster.createDatabase("scratch");
  const url = cluster.urlFor("scratch");
  await applyMigrations(url);
  const sql = await diffToSchema(url, "database");
  if (sql.trim() === "") {
    console.log("schema.prisma already matches the migrations: nothing to write.");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const folder = path.join(migrationsDir, `${stamp}_${name}`);
    await mkdir(folder);
    await writeFile(path.join(folder, "migration.sql"), sql);
    console.log(`Wrote ${path.relative(process.cwd(), folder)}/migration.sql — review it before committing.`);
  }
} finally {
  await cluster.stop();
}
