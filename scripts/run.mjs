// Runs a TypeScript script of this project under Node with tsx.
// `--conditions=react-server` makes `import "server-only"` a no-op, so the
// command line can share the server's data-access modules.
import { spawn } from "node:child_process";

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error("usage: node scripts/run.mjs <script.ts> [args…]");
  process.exit(2);
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
