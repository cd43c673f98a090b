// Playwright's web server: a throwaway database with the E2E accounts, and the
// built app serving it. Stops both on SIGTERM/SIGINT.
import { applyMigrations } from "../../scripts/db/migrations";
import { exited, hasBuild, startAppServer } from "../../scripts/lib/next-server";
import { openTestDatabase } from "../../tests/support/test-database";
import { E2E_USERS } from "./users";

const port = Number(process.env.E2E_PORT ?? 3210);
if (!hasBuild()) throw new Error("The end-to-end tests serve the built app: run `npm run build` first (npm test does).");

const database = await openTestDatabase("tandem_e2e");
await applyMigrations(database.url);
process.env.DATABASE_URL = database.url;
const { createUser } = await import("@/features/users/service");
const { newUserSchema } = await import("@/features/users/schemas");
for (const user of Object.values(E2E_USERS)) await createUser(newUserSchema.parse(user));

const { server } = startAppServer(port, database.url, { stdio: "inherit" });

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  server.kill("SIGTERM");
  await exited(server);
  await database.drop();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
server.on("exit", () => void stop());
