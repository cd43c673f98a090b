// node scripts/run.mjs scripts/bench/import-profile.ts [--rows 20000,100000] [--plans] [--no-reimport] [--cpu-profile FILE] [--array] — where an answer import's time goes.
// Runs `runImport` in process (no HTTP) against a throwaway embedded PostgreSQL started with the
// product's settings, times every SQL statement the import sends, and logs each statement's plan
// with EXPLAIN (ANALYZE, BUFFERS) through auto_explain. What is not SQL is the reading, parsing,
// validating, hashing and COPY-encoding of the rows in Node.
import { createReadStream, createWriteStream } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import pg from "pg";
import { freePort, scratchClusterDir, startEmbeddedPostgres } from "../db/embedded-postgres";
import { applyMigrations } from "../db/migrations";
import { postmasterPid, treeCpuSeconds } from "./harness";
import { prepareCopyFile, timeCopy } from "./import";
import { answerRow, benchScenarios } from "./rows";

const { values } = parseArgs({ options: { rows: { type: "string", default: "20000,100000" }, plans: { type: "boolean", default: false }, "no-reimport": { type: "boolean", default: false }, "cpu-profile": { type: "string" }, array: { type: "boolean", default: false } } });

const serverLog: string[] = [];
const cluster = await startEmbeddedPostgres({
  dataDir: scratchClusterDir("tandem-profile"),
  port: await freePort(),
  persistent: false,
  log: (message) => serverLog.push(String(message)),
});
const url = cluster.urlFor("tandem_profile");

const postmaster = postmasterPid(cluster.port);
/** CPU seconds used so far by the cluster: its server processes, live and ended. */
const serverCpuSeconds = () => treeCpuSeconds(postmaster);
const nodeCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
await cluster.createDatabase("tandem_profile");
await applyMigrations(url);
if (values.plans) {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`ALTER DATABASE tandem_profile SET session_preload_libraries = 'auto_explain'`);
  for (const setting of ["log_min_duration = 200", "log_analyze = on", "log_buffers = on", "log_timing = on", "log_nested_statements = on"]) {
    await admin.query(`ALTER DATABASE tandem_profile SET auto_explain.${setting}`);
  }
  const settings = await admin.query<{ name: string; setting: string; unit: string | null }>(
    `SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers','work_mem','maintenance_work_mem','temp_buffers','wal_buffers','max_wal_size','fsync','synchronous_commit','full_page_writes','wal_level','checkpoint_timeout')`,
  );
  console.log("server settings:", settings.rows.map((s) => `${s.name}=${s.setting}${s.unit ?? ""}`).join(", "));
  await admin.end();
}
process.env.DATABASE_URL = url;

// Every statement sent as text, timed from send to result.
const timings: { text: string; ms: number }[] = [];
// eslint-disable-next-line @typescript-eslint/unbound-method -- called with its own `this` below
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const first = args[0] as string | { text?: string; submit?: unknown };
  const text = typeof first === "string" ? first : typeof first === "object" && !("submit" in first) ? first.text : undefined;
  const result = (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  if (text && result instanceof Promise) {
    const started = performance.now();
    void result.then(
      () => timings.push({ text, ms: performance.now() - started }),
      () => timings.push({ text: `FAILED ${text}`, ms: performance.now() - started }),
    );
  }
  return result;
} as typeof pg.Client.prototype.query;

const { createUser } = await import("@/features/users/service");
const { newUserSchema } = await import("@/features/users/schemas");
const { createStudy } = await import("@/features/studies/service");
const { runImport } = await import("@/features/import/service");
const admin = await createUser(newUserSchema.parse({ email: "profile@bench.tandem", name: "Profile", role: "admin", password: "profile-password" }));

const upload = (name: string, contentType: string, stream: ReadableStream<Uint8Array>) => ({ name, contentType, stream });

async function newStudy(name: string) {
  const study = await createStudy({ name }, admin.id);
  const body = JSON.stringify(benchScenarios());
  await runImport({
    kind: "scenarios", studyId: study.id, actorId: admin.id, replace: false, replaceRated: false, raterName: null, skipInvalid: false, dryRun: false,
    uploads: [upload("scenarios.json", "application/json", new Response(body).body as ReadableStream<Uint8Array>)],
  });
  return study.id;
}

let lastStudy: string | undefined;
for (const rows of values.rows.split(",").map(Number)) {
  const file = path.join(tmpdir(), `tandem-profile-${process.pid}-${rows}.ndjson`);
  await pipeline(Readable.from((function* () {
    // NDJSON, or with --array the same rows as one compact JSON array on one line.
    for (let i = 0; i < rows; i++) yield values.array ? (i === 0 ? "[" : ",") + JSON.stringify(answerRow(i)) + (i === rows - 1 ? "]" : "") : JSON.stringify(answerRow(i)) + "\n";
  })()), createWriteStream(file));
  for (const round of values["no-reimport"] ? ["new study"] : ["new study", "re-import (unchanged)"]) {
    const studyId = round === "new study" ? await newStudy(`profile ${rows}`) : (lastStudy ?? "");
    lastStudy = studyId;
    timings.length = 0;
    serverLog.length = 0;
    const started = performance.now();
    // Only the import itself is profiled (not the writing of the files).
    const profiler = values["cpu-profile"] ? new Session() : null;
    if (profiler) {
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.start");
    }
    const [server0, node0] = [serverCpuSeconds(), nodeCpuSeconds()];
    const outcome = await runImport({
      kind: "responses", studyId, actorId: admin.id, replace: false, replaceRated: false, raterName: null, skipInvalid: false, dryRun: false,
      uploads: [upload(path.basename(file), values.array ? "application/json" : "application/x-ndjson", Readable.toWeb(createReadStream(file, { highWaterMark: 1024 * 1024 })) as ReadableStream<Uint8Array>)],
    });
    const total = performance.now() - started;
    if (profiler) {
      const { profile } = await profiler.post("Profiler.stop");
      await writeFile(`${values["cpu-profile"]}.${rows}.cpuprofile`, JSON.stringify(profile));
      profiler.disconnect();
    }
    const cpu = `CPU: Node ${(nodeCpuSeconds() - node0).toFixed(2)} s, PostgreSQL ${(serverCpuSeconds() - server0).toFixed(2)} s`;
    const sql = timings.reduce((sum, t) => sum + t.ms, 0);
    console.log(`\n=== ${rows} rows, ${round}: ${(total / 1000).toFixed(2)} s (created ${outcome.created}, unchanged ${outcome.unchanged}); ${cpu}`);
    console.log(`  statements (awaited, ${(sql / 1000).toFixed(2)} s in all; COPY runs alongside the reading and is not among them):`);
    for (const t of [...timings].sort((a, b) => b.ms - a.ms).slice(0, 12)) {
      console.log(`  ${t.ms.toFixed(0).padStart(7)} ms  ${t.text.replace(/\s+/g, " ").slice(0, 150)}`);
    }
    if (values.plans) {
      for (const entry of serverLog.filter((l) => l.includes("plan:"))) {
        const plan = entry.slice(entry.indexOf("duration:")).split("\n").filter((l) => !/^\s*(Query Text|SELECT|FROM|WHERE|JOIN|LEFT|WITH|INSERT|UPDATE|DELETE|ORDER|\)|[a-z])/i.test(l) || /->|Trigger|Buffers|Execution|Planning|duration|Insert on|Scan|Sort|Hash|WindowAgg/.test(l));
        console.log(plan.map((l) => `  | ${l}`).join("\n"));
      }
    }
  }
  await rm(file, { force: true });
  await prepareCopyFile({ databaseUrl: url }, lastStudy ?? "", rows, `${file}.tsv`);
  const copyServer0 = serverCpuSeconds();
  const copySeconds = await timeCopy({ databaseUrl: url }, `${file}.tsv`);
  console.log(`\n=== ${rows} rows, baseline COPY into a table LIKE responses: ${copySeconds.toFixed(2)} s; CPU: PostgreSQL ${(serverCpuSeconds() - copyServer0).toFixed(2)} s`);
  // The same COPY into responses itself, with its foreign keys checked row by row: what the direct path cannot beat.
  const fresh = await newStudy(`profile copy ${rows}`);
  await prepareCopyFile({ databaseUrl: url }, fresh, rows, `${file}.tsv`);
  const intoServer0 = serverCpuSeconds();
  const intoResponses = await timeCopy({ databaseUrl: url }, `${file}.tsv`, "responses");
  await rm(`${file}.tsv`, { force: true });
  console.log(`=== ${rows} rows, the same COPY into responses (its foreign keys): ${intoResponses.toFixed(2)} s; CPU: PostgreSQL ${(serverCpuSeconds() - intoServer0).toFixed(2)} s`);
}
await cluster.stop();
process.exit(0);
