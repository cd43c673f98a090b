// npm run db:migrate — applies pending migrations to DATABASE_URL (or the embedded database).
import { applyMigrations } from "./db/migrations";
import { openDatabase } from "./lib/database";

const database = await openDatabase();
try {
  const applied = await applyMigrations(database.url);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
} finally {
  await database.release();
}
