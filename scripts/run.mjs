// Runs a TypeScript script of this project under Node with tsx.
// `--conditions=react-server` makes `import "server-only"` a no-op, so the
// command line can share the server's data-access modules.
// Every command starts from a generated Prisma client that matches
// prisma/schema.prisma, so a fresh clone can run any of them first.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error("usage: node scripts/run.mjs <script.ts> [args…]");
  process.exit(2);
}

const root = path.resolve(import.meta.dirname, "..");
const client = path.join(root, "lib/db/generated/client.ts");
// Stale when the schema or the installed Prisma is newer than the generated client.
const sources = ["prisma/schema.prisma", "node_modules/@prisma/client/package.json"].map((f) => path.join(root, f)).filter(existsSync);
if (!existsSync(client) || sources.some((f) => statSync(f).mtimeMs > statSync(client).mtimeMs)) {
  const generated = spawnSync(process.execPath, [path.join(root, "scripts/prisma-generate.mjs")], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  if (generated.status !== 0) {
    console.error("Could not generate the Prisma client (npm run generate).");
    process.exit(1);
  }
}

const child = spawn(
  process.execPath,
  ["--conditions=react-server", "--import", "tsx", script, ...args],
  { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } },
);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
