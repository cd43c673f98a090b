// Prisma's WebAssembly schema engine, driven through the pg driver adapter.
// It is what `prisma migrate deploy` and `prisma migrate diff` run, without
// the native engine binary, which Prisma's CLI downloads at run time and
// these machines cannot reach.
//
// Prisma internals this relies on (not public API, so a Prisma upgrade may
// break them; keep prisma, @prisma/* and @prisma/schema-engine-wasm on one
// release), and the test that fails if one breaks:
// - the wasm-bindgen layout of @prisma/schema-engine-wasm: the bindings in
//   `schema_engine_bg`, the unexported `schema_engine_bg.wasm` beside them,
//   `__wbg_set_wasm` and `__wbindgen_start`, instantiated here by hand, and
//   `SchemaEngine.new(config, log, adapter)`. Every test of
//   scripts/db/migrations.integration.test.ts (and the integration global
//   setup, which migrates its database through this).
// - the `"char"` shim: it wraps PrismaPgAdapter's `performIO` and `queryRaw`
//   and reports the columns as ColumnTypeEnum.Character. migrations.integration
//   .test.ts, "leave the database exactly as schema.prisma describes it" and
//   "would report a model change that has no migration".
// - the whole-script runner: it replaces the adapter's `executeScript`, using
//   its `client` and `onError`. The integration global setup (a migration
//   with a function body fails to apply) and migrations.integration.test.ts,
//   "run each script whole, so a function body keeps its semicolons".
// - `PRISMA_WASM_PANIC_REGISTRY`, the global through which the engine reports
//   a Rust panic. Only error messages depend on it, no test guards it.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

let instantiated: Promise<void> | undefined;

// The engine records a Rust panic's message through this global before it
// aborts; without it the message is lost behind a TypeError.
const panics = { last: "", set_message(message: string) { this.last = message; } };
(globalThis as unknown as { PRISMA_WASM_PANIC_REGISTRY: typeof panics }).PRISMA_WASM_PANIC_REGISTRY = panics;

// Instantiated by hand so Node 20 needs no --experimental-wasm-modules flag.
function instantiateWasm(): Promise<void> {
  instantiated ??= (async () => {
    const require = createRequire(import.meta.url);
    // The package does not export its .wasm file; it sits beside the bindings.
    const bindingsPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasmPath = path.join(path.dirname(bindingsPath), "schema_engine_bg.wasm");
    const compiled = await WebAssembly.compile(await readFile(wasmPath));
    const instance = await WebAssembly.instantiate(compiled, { "./schema_engine_bg.js": bindings });
    const exports = instance.exports as WebAssembly.Exports & { __wbindgen_start: () => void };
    (bindings as unknown as { __wbg_set_wasm: (w: unknown) => void }).__wbg_set_wasm(exports);
    exports.__wbindgen_start();
  })();
  return instantiated;
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

interface PgFieldResult {
  fields: { dataTypeID: number }[];
}
interface PgQueryable {
  performIO(query: object): Promise<PgFieldResult>;
  queryRaw(query: object): Promise<{ columnTypes: number[] }>;
}

/**
 * The engine's catalog queries select PostgreSQL's one-byte `"char"` columns
 * (pg_constraint.contype, ...) and expect them typed as Character, but
 * @prisma/adapter-pg rejects that type as unsupported, which breaks every
 * diff against a live database. This reads such columns as text and then
 * reports them as Character, which is what the native engine's driver does.
 */
function withCharColumns<T extends object>(adapter: T): T {
  const queryable = adapter as unknown as PgQueryable;
  const charColumns = new WeakMap<object, number[]>();
  const performIO = queryable.performIO.bind(queryable);
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    const indexes: number[] = [];
    result.fields.forEach((field, i) => {
      if (field.dataTypeID !== PG_CHAR_OID) return;
      field.dataTypeID = PG_TEXT_OID;
      indexes.push(i);
    });
    charColumns.set(query, indexes);
    return result;
  };
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const i of charColumns.get(query) ?? []) result.columnTypes[i] = ColumnTypeEnum.Character;
    return result;
  };
  return adapter;
}

interface ScriptRunner {
  client: { query(sql: string): Promise<unknown> };
  onError(error: unknown): never;
  executeScript(script: string): Promise<void>;
}

/**
 * @prisma/adapter-pg runs a migration script by splitting it on every `;`,
 * which breaks a function body (and a semicolon in a comment) and leaves a
 * failed migration half-applied. PostgreSQL takes a whole script as one
 * simple query, run as one implicit transaction, as the native engine does.
 */
function withWholeScripts<T extends object>(adapter: T): T {
  const runner = adapter as unknown as ScriptRunner;
  runner.executeScript = async (script) => {
    try {
      await runner.client.query(script);
    } catch (error) {
      runner.onError(error);
    }
  };
  return adapter;
}

function migrationAdapter(connectionString: string) {
  const factory = new PrismaPg({ connectionString });
  // The engine only ever connects to the database it was given (no shadow
  // database is used here), so connect() is the one entry point to adapt.
  const connect = factory.connect.bind(factory);
  factory.connect = async () => withWholeScripts(withCharColumns(await connect()));
  return bindMigrationAwareSqlAdapterFactory(factory);
}

export async function openSchemaEngine(
  connectionString: string,
  datamodel: { path: string; content: string },
): Promise<SchemaEngine> {
  await instantiateWasm();
  const adapter = migrationAdapter(connectionString);
  const log = (message: string) => {
    if (process.env.TANDEM_DEBUG_SCHEMA_ENGINE) console.error(message);
  };
  return bindings.SchemaEngine.new({ datamodels: [[datamodel.path, datamodel.content]] }, log, adapter);
}
