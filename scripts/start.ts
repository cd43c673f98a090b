// npm start — the whole product on one machine (docs/design.md §7).
import { applyMigrations } from "./db/migrations";
import { authSecret } from "./lib/auth-secret";
import { dataDir, openDatabase } from "./lib/database";
import { buildIfStale, exited, startNextServer } from "./lib/next-server";

const log = (message: string) => console.log(`[tandem] ${message}`);
const port = Number(process.env.PORT ?? 3000);
const seedRequested = process.argv.includes("--seed") || process.env.SEED_DEMO === "1";

const database = await openDatabase(log);
let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  await database.release();
  process.exit(code);
}

try {
  const applied = await applyMigrations(database.url);
  if (applied.length) log(`Applied migrations: ${applied.join(", ")}`);

  process.env.DATABASE_URL = database.url;
  const { databaseIsEmpty, seedDemo } = await import("@/features/demo/seed");
  if ((database.embedded || seedRequested) && (await databaseIsEmpty())) {
    const credentials = await seedDemo();
    log("Seeded the demo study. Demo accounts (shown this once; passwords are not stored in clear):");
    for (const c of credentials) log(`  ${c.role.padEnd(10)} ${c.email.padEnd(26)} ${c.password}`);
  }

  buildIfStale(log);
} catch (error) {
  console.error(error);
  await shutdown(1);
}

const server = startNextServer(port, {
  DATABASE_URL: database.url,
  NEXTAUTH_SECRET: authSecret(dataDir),
  NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
});
log(`Tandem is starting on http://localhost:${port} (Ctrl-C stops it and its database).`);

// Ctrl-C reaches this process twice (from the terminal and forwarded by
// scripts/run.mjs): the first one stops the server, then the database.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    if (stopping) return;
    log("Stopping…");
    server.kill("SIGTERM");
    void exited(server).then(() => shutdown(0));
  });
}
server.on("exit", (code) => void shutdown(code ?? 0));
