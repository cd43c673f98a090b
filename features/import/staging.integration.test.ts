// The COPY writer, on a connection of its own to the real database: rows go in
// COPY statements of a bounded size, one after another, so PostgreSQL checks
// each statement's rows (foreign keys, row triggers) when it ends rather than
// all of them after the last row; the rows arrive whole and in order, a row
// refused by a check fails the import with PostgreSQL's message, and an
// abandoned writer leaves the connection usable.
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { StagingWriter, type StagedColumns } from "./staging";

interface Row {
  n: number;
  parent: number;
  note: string;
}
const COLUMNS: StagedColumns<Row> = [["n", "int"], ["parent", "int"], ["note", "text"]];
// Small statements (a statement ends at the first chunk past this), so a few MiB of rows take several;
// each statement's trigger sleeps a little, so statements are still being stored as the next ones come.
const STATEMENT_BYTES = 32 * 1024;

let client: pg.Client;
let aborts: (() => Promise<void>)[];
let warnings: MockInstance<typeof process.emitWarning>;
const writer = () => new StagingWriter<Row>(client, "staged", COLUMNS, (abort) => aborts.push(abort), STATEMENT_BYTES);
const row = (n: number, parent = 1): Row => ({ n, parent, note: `row ${n}\twith a tab, a \\ and\na new line ${"x".repeat(1000 + (n % 50))}` });

beforeEach(async () => {
  warnings = vi.spyOn(process, "emitWarning");
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  aborts = [];
  await client.query("BEGIN");
  await client.query(`
    CREATE TEMP TABLE parents (id int PRIMARY KEY) ON COMMIT DROP;
    INSERT INTO parents VALUES (1), (2);
    CREATE TEMP TABLE staged (arrived bigserial, n int NOT NULL, parent int NOT NULL REFERENCES parents, note text NOT NULL) ON COMMIT DROP;
    CREATE TEMP TABLE statements (rows int NOT NULL) ON COMMIT DROP;
    CREATE FUNCTION pg_temp.count_statement() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO statements SELECT count(*) FROM new_rows; PERFORM pg_sleep(0.02); RETURN NULL; END $$;
    CREATE TRIGGER staged_statements AFTER INSERT ON staged REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.count_statement();`);
});
afterEach(async () => {
  await client.end();
  // pg queues one query sent while another runs; a second one queued behind it is deprecated (and goes in pg 9).
  expect(warnings.mock.calls.map(([warning]) => String(warning))).not.toContainEqual(expect.stringContaining("already executing a query"));
  warnings.mockRestore();
});

describe("the COPY writer", () => {
  it("writes every row, byte for byte and in order, over several COPY statements", async () => {
    const staging = writer();
    const rows = Array.from({ length: 4000 }, (_, i) => row(i, 1 + (i % 2)));
    for (const r of rows) await staging.add(r);
    expect(await staging.finish()).toBe(4000);

    const stored = await client.query<{ n: number; parent: number; note: string }>("SELECT n, parent, note FROM staged ORDER BY arrived");
    expect(stored.rows).toEqual(rows);
    const statements = await client.query<{ rows: number }>("SELECT rows FROM statements");
    expect(statements.rows.length).toBeGreaterThan(4);
    expect(statements.rows.reduce((sum, s) => sum + s.rows, 0)).toBe(4000);
  });

  it("fails on a row refused when its statement ends, with PostgreSQL's message, and leaves the connection usable", async () => {
    const staging = writer();
    const attempt = async () => {
      for (let i = 0; i < 4000; i++) await staging.add(row(i, i === 700 ? 99 : 1));
      await staging.finish();
    };
    await expect(attempt()).rejects.toThrow(/foreign key constraint/);
    for (const abort of aborts) await abort();
    await client.query("ROLLBACK");
    expect((await client.query<{ one: number }>("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });

  it("abandoned part-way, with statements still being stored, leaves the connection usable", async () => {
    const staging = writer();
    for (let i = 0; i < 3000; i++) await staging.add(row(i));
    for (const abort of aborts) await abort();
    await client.query("ROLLBACK");
    expect((await client.query<{ one: number }>("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });
});
