// docs/design.md §9: importing 100,000 answers (~1.5 KB each) over the API, as NDJSON and
// as one compact JSON array (every record on line 1), against COPY of the same rows into an
// equivalent table, in the same run; the time and the server's peak memory for a fifth of
// the file and for all of it.
import { createReadStream, createWriteStream } from "node:fs";
import http from "node:http";
import { rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { newBlindCode } from "@/lib/blind-code";
import { contentHash } from "@/lib/content-hash";
import { mib, postmasterPid, treeCpuSeconds, withPeakRss, type BenchEnvironment } from "./harness";
import { answerRow, benchScenarios } from "./rows";

async function writeNdjson(file: string, rows: number) {
  await pipeline(
    Readable.from((function* () {
      for (let i = 0; i < rows; i++) yield JSON.stringify(answerRow(i)) + "\n";
    })()),
    createWriteStream(file),
  );
}

/** The same rows as one compact JSON array, all on one line (what JSON.stringify(rows) gives). */
async function writeJsonArray(file: string, rows: number) {
  await pipeline(
    Readable.from((function* () {
      for (let i = 0; i < rows; i++) yield (i === 0 ? "[" : ",") + JSON.stringify(answerRow(i));
      yield rows === 0 ? "[]" : "]";
    })()),
    createWriteStream(file),
  );
}

async function api(env: BenchEnvironment, pathname: string, body: BodyInit, type: string) {
  const response = await fetch(`${env.baseUrl}${pathname}`, {
    method: "POST",
    headers: { authorization: `Bearer ${env.token}`, "content-type": type },
    body,
    duplex: "half",
  } as RequestInit);
  const text = await response.text();
  if (!response.ok) throw new Error(`${pathname}: ${response.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

async function newStudyWithScenarios(env: BenchEnvironment, name: string) {
  const { id } = (await api(env, "/api/v1/studies", JSON.stringify({ name }), "application/json")) as { id: string };
  const scenarios = benchScenarios();
  await api(env, `/api/v1/studies/${id}/scenarios`, JSON.stringify(scenarios), "application/json");
  return id;
}

/** Streams a file as the body of an import, as a client script would (node:http, file piped in). */
async function importFile(env: BenchEnvironment, studyId: string, file: string, type = "application/x-ndjson") {
  const started = performance.now();
  const { size } = await stat(file);
  const outcome = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const request = http.request(`${env.baseUrl}/api/v1/studies/${studyId}/responses?filename=${path.basename(file)}`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.token}`, "content-type": type, "content-length": size },
    });
    request.on("error", reject);
    request.on("response", (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => {
        if (response.statusCode === 200) resolve(JSON.parse(text) as Record<string, unknown>);
        else reject(new Error(`import: ${response.statusCode ?? "?"} ${text.slice(0, 500)}`));
      });
    });
    createReadStream(file, { highWaterMark: 1024 * 1024 }).pipe(request);
  });
  return { seconds: (performance.now() - started) / 1000, outcome };
}

/**
 * CPU seconds the app server and PostgreSQL spent while `work` ran: less
 * sensitive than the wall clock to other load on the machine.
 */
async function withCpu<T>(env: BenchEnvironment, work: () => Promise<T>): Promise<T & { cpu: { app: number; db: number } }> {
  const postmaster = postmasterPid(Number(new URL(env.databaseUrl).port));
  const [app0, db0] = [treeCpuSeconds(env.serverPid), treeCpuSeconds(postmaster)];
  const result = await work();
  return { ...result, cpu: { app: treeCpuSeconds(env.serverPid) - app0, db: treeCpuSeconds(postmaster) - db0 } };
}

/** The same rows as COPY's text format, ids and scenario ids resolved. */
async function writeCopyFile(file: string, studyId: string, scenarioIds: Map<string, string>, rows: number) {
  const escape = (value: string) => value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
  await pipeline(
    Readable.from((function* () {
      for (let i = 0; i < rows; i++) {
        const row = answerRow(i);
        yield [crypto.randomUUID(), studyId, scenarioIds.get(row.scenario_id) ?? "", row.model_id, row.rep_id, escape(row.response),
          row.output_tokens, "f", JSON.stringify(row.metadata), newBlindCode(), contentHash(row)].join("\t") + "\n";
      }
    })()),
    createWriteStream(file),
  );
}

/** The rows as COPY's text format, with the scenario ids of `studyId` (the baseline's table has no foreign keys). */
export async function prepareCopyFile(env: Pick<BenchEnvironment, "databaseUrl">, studyId: string, rows: number, file: string) {
  const client = new pg.Client({ connectionString: env.databaseUrl });
  await client.connect();
  try {
    const scenarioIds = new Map(
      (await client.query<{ external_id: string; id: string }>("SELECT external_id, id FROM scenarios WHERE study_id = $1", [studyId])).rows.map((r) => [r.external_id, r.id]),
    );
    await writeCopyFile(file, studyId, scenarioIds, rows);
  } finally {
    await client.end();
  }
}

/** COPY of a prepared file into a new table like `responses` (same columns, constraints and indexes; no foreign keys), or into `into`; the seconds it took. */
export async function timeCopy(env: Pick<BenchEnvironment, "databaseUrl">, file: string, into = "bench_copy") {
  const client = new pg.Client({ connectionString: env.databaseUrl });
  await client.connect();
  try {
    if (into === "bench_copy") {
      await client.query("DROP TABLE IF EXISTS bench_copy");
      await client.query("CREATE TABLE bench_copy (LIKE responses INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)");
    }
    const started = performance.now();
    await pipeline(
      createReadStream(file),
      client.query(copyFrom(
        `COPY ${into} (id, study_id, scenario_id, model_id, repetition, text, output_tokens, content_filtered, metadata, blind_code, content_hash) FROM STDIN`,
      )),
    );
    return (performance.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

/**
 * Writes every dirty page out (CHECKPOINT) before a timed section, so that it does not pay for
 * the writes of the one before: an import leaves ~0.5 GB of pages and WAL behind, and the
 * checkpoint that follows would otherwise land in whichever section runs next.
 */
async function settle(env: Pick<BenchEnvironment, "databaseUrl">) {
  const client = new pg.Client({ connectionString: env.databaseUrl });
  await client.connect();
  try {
    await client.query("CHECKPOINT");
  } catch (error) {
    console.log(`  (no CHECKPOINT between timed sections: ${(error as Error).message})`);
  } finally {
    await client.end();
  }
}

/** The baseline in one call: the file prepared, then the COPY timed. */
export async function copyBaseline(env: Pick<BenchEnvironment, "databaseUrl">, studyId: string, rows: number, file: string) {
  await prepareCopyFile(env, studyId, rows, file);
  return timeCopy(env, file);
}

export async function benchImport(env: BenchEnvironment, rows: number) {
  const fifth = Math.floor(rows / 5);
  const stamp = `${process.pid}`;
  const fullFile = path.join(tmpdir(), `tandem-bench-${stamp}-full.ndjson`);
  const fifthFile = path.join(tmpdir(), `tandem-bench-${stamp}-fifth.ndjson`);
  const arrayFile = path.join(tmpdir(), `tandem-bench-${stamp}-full.json`);
  const copyFile = path.join(tmpdir(), `tandem-bench-${stamp}-copy.tsv`);
  await writeNdjson(fullFile, rows);
  await writeNdjson(fifthFile, fifth);
  await writeJsonArray(arrayFile, rows);
  const size = (await stat(fullFile)).size;
  try {
    const fifthStudy = await newStudyWithScenarios(env, "bench fifth");
    await settle(env);
    const small = await withPeakRss(env.serverPid, () => importFile(env, fifthStudy, fifthFile));
    const studyId = await newStudyWithScenarios(env, "bench full");
    await prepareCopyFile(env, studyId, rows, copyFile);
    // Each import is followed at once by its COPY baseline: the other load on the machine
    // changes over minutes, so a baseline timed at the end would be taken under another load.
    await settle(env);
    const full = await withPeakRss(env.serverPid, () => withCpu(env, () => importFile(env, studyId, fullFile)));
    if (full.result.outcome.created !== rows) throw new Error(`expected ${rows} created, got ${JSON.stringify(full.result.outcome)}`);
    await settle(env);
    const { seconds: copyAfterNdjson, cpu: copyCpu } = await withCpu(env, async () => ({ seconds: await timeCopy(env, copyFile) }));
    const arrayStudy = await newStudyWithScenarios(env, "bench array");
    await settle(env);
    const array = await withPeakRss(env.serverPid, () => withCpu(env, () => importFile(env, arrayStudy, arrayFile, "application/json")));
    if (array.result.outcome.created !== rows) throw new Error(`expected ${rows} created from the array, got ${JSON.stringify(array.result.outcome)}`);
    await settle(env);
    const copyAfterArray = await timeCopy(env, copyFile);
    await settle(env);
    const again = await importFile(env, studyId, fullFile);
    const copySeconds = (copyAfterNdjson + copyAfterArray) / 2;

    const apiRate = rows / full.result.seconds;
    const arrayRate = rows / array.result.seconds;
    const copyRate = rows / copySeconds;
    const ndjsonRatio = copyAfterNdjson / full.result.seconds;
    const arrayRatio = copyAfterArray / array.result.seconds;
    console.log(`\nImport of ${rows} answers (${mib(size)} NDJSON, ~${Math.round(size / rows)} B each) over POST /api/v1/.../responses`);
    console.log(`  API import, NDJSON      ${full.result.seconds.toFixed(1)} s   ${Math.round(apiRate)} rows/s`);
    console.log(`  API import, JSON array  ${array.result.seconds.toFixed(1)} s   ${Math.round(arrayRate)} rows/s   (one line)`);
    console.log(`  baseline: COPY          ${copyAfterNdjson.toFixed(1)} s after the NDJSON import, ${copyAfterArray.toFixed(1)} s after the array   ${Math.round(copyRate)} rows/s on average`);
    console.log(`  ratio API/COPY          NDJSON ${ndjsonRatio.toFixed(2)}, JSON array ${arrayRatio.toFixed(2)}, each against the COPY right after it   (target ≥ 0.50)`);
    const cpu = ({ app, db }: { app: number; db: number }) => `${app.toFixed(1)} + ${db.toFixed(1)} s`;
    console.log(`  CPU, app + PostgreSQL   NDJSON ${cpu(full.result.cpu)}, JSON array ${cpu(array.result.cpu)}, COPY ${copyCpu.db.toFixed(1)} s (PostgreSQL)`);
    console.log(`  ${fifth} vs ${rows} rows     ${small.result.seconds.toFixed(1)} s vs ${full.result.seconds.toFixed(1)} s: ×${(full.result.seconds / small.result.seconds).toFixed(1)}   (target ≤ 6)`);
    console.log(`  re-import, unchanged    ${again.seconds.toFixed(1)} s   (${String(again.outcome.unchanged)} unchanged)`);
    console.log(`  server peak RSS         ${mib(small.peak)} for ${fifth} rows, ${mib(full.peak)} for ${rows} rows, ${mib(array.peak)} for the ${rows}-row array (idle before: ${mib(small.before)})`);
    return { rows, size, apiSeconds: full.result.seconds, arraySeconds: array.result.seconds, copySeconds, ratio: ndjsonRatio, arrayRatio, peakFifth: small.peak, peakFull: full.peak };
  } finally {
    await rm(fullFile, { force: true });
    await rm(fifthFile, { force: true });
    await rm(arrayFile, { force: true });
    await rm(copyFile, { force: true });
  }
}
