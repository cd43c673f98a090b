import "server-only";
import { once } from "node:events";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

/** The columns every staging table starts with: where the row stands and the answer's natural key. */
export interface StagedAnswerKey {
  file: string;
  line: number;
  /** The record's 1-based number in its file: rows are told apart by it, never by line (a line can hold many). */
  record: number;
  pointer: string | null;
  scenario_ext: string;
  model_id: string;
  repetition: number;
}

/** How a staged value is written in COPY's text format. */
export type StagedType = "text" | "int" | "bool" | "jsonb" | "text[]" | "copy";

/** The staging table's columns, in the order COPY receives them. */
export type StagedColumns<Row> = readonly (readonly [keyof Row & string, StagedType])[];

// Rows are sent in chunks of about this many bytes, encoded straight into the chunk's buffer.
const CHUNK_BYTES = 256 * 1024;
// A UTF-16 code unit takes at most 3 bytes in UTF-8 (a surrogate pair takes 4 for 2 units).
const MAX_UTF8_BYTES_PER_UNIT = 3;
const TAB = 0x09;
const NEWLINE = 0x0a;
// Up to this many bytes may wait for the server beyond what the socket has taken: enough that
// PostgreSQL always has rows to store while the next ones are parsed, and memory stays bounded.
const IN_FLIGHT_BYTES = 8 * 1024 * 1024;
// PostgreSQL checks a row's foreign keys (and runs its AFTER row triggers) when the statement ends, not
// as the row arrives. Into `responses` (a study's first answers), one COPY of a whole upload would leave
// every scenario check until after its last row, with the app idle; a COPY ends after about this many
// bytes and the next begins, so the checks of one run while the rows of the next are parsed. (Staging
// tables have no such checks; for them the split changes nothing.)
const STATEMENT_BYTES = 4 * 1024 * 1024;

/**
 * Rows written to a table with `COPY … FROM STDIN` in text format (one
 * statement per STATEMENT_BYTES), streamed as they are read: memory holds a
 * bounded number of chunks, and a slow server slows the reading down
 * instead of the rows piling up. Usually the table is a temporary staging
 * table (dropped at commit) over which the checks and the merge then run as
 * set-based SQL; a study's first answers go straight into `responses`.
 * Nothing else may use the connection between the first `add` and `finish`.
 */
export class StagingWriter<Row> {
  /** The COPY taking rows now; null before the first chunk and after each statement's end. */
  private copy: Copy | null = null;
  private copyBytes = 0;
  /** The COPY statements ended whose rows the server may still be storing. */
  private ended: Copy[] = [];
  /** Rejects with the first COPY's failure; every wait races it, since a failed COPY never finishes. */
  private readonly failure: Promise<never>;
  private fail: (error: unknown) => void = () => undefined;
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private rows = 0;
  /** Chunks handed to a COPY stream that the socket has not taken yet, oldest first. */
  private inFlight: { bytes: number; taken: Promise<void> }[] = [];
  private inFlightBytes = 0;

  constructor(
    private readonly client: pg.ClientBase,
    private readonly table: string,
    private readonly columns: StagedColumns<Row>,
    registerAbort: (abort: () => Promise<void>) => void,
    private readonly statementBytes = STATEMENT_BYTES,
  ) {
    registerAbort(() => this.abort());
    this.failure = new Promise<never>((_, reject) => (this.fail = reject));
    // Observed here so a failure is not "unhandled" before the next write or finish rethrows it.
    this.failure.catch(() => undefined);
  }

  /**
   * Buffers one row; a full chunk is sent, and the promise returned then
   * settles once the server can take more (await it). Most rows only join
   * the chunk and return nothing, so a row costs no promise.
   */
  add(row: Row): Promise<void> | undefined {
    const columns = this.columns;
    const values: string[] = [];
    let room = 0;
    for (let i = 0; i < columns.length; i++) {
      const [name, type] = columns[i] as (typeof columns)[number];
      const value = copyValue(row[name], type);
      values.push(value);
      room += value.length * MAX_UTF8_BYTES_PER_UNIT + 1;
    }
    const pending = this.used + room > this.chunk.length ? this.send(room) : undefined;
    const chunk = this.chunk;
    let used = this.used;
    for (let i = 0; i < values.length; i++) {
      if (i > 0) chunk[used++] = TAB;
      used += chunk.write(values[i] as string, used);
    }
    chunk[used++] = NEWLINE;
    this.used = used;
    this.rows++;
    return pending;
  }

  /** Sends what is buffered, ends the COPY and waits until the server has every row; returns how many. */
  async finish(): Promise<number> {
    await this.send();
    this.endStatement();
    await Promise.race([Promise.all(this.ended.map((copy) => copy.finished)), this.failure]);
    this.ended = [];
    return this.rows;
  }

  /** Sends the rows buffered so far, and starts a buffer with room for at least `room` bytes. */
  private async send(room = CHUNK_BYTES): Promise<void> {
    if (this.used === 0) {
      if (room > this.chunk.length) this.chunk = Buffer.allocUnsafe(room);
      return;
    }
    const data = this.chunk.subarray(0, this.used);
    this.chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, room));
    this.used = 0;
    const copy = this.copy ?? (await this.start());
    // Not "drain": that waits until nothing is left to send, so the server would idle while the next chunk is parsed.
    // A chunk written while the statement waits its turn on the connection is held by the stream until it begins.
    const taken = new Promise<void>((resolve) => copy.stream.write(data, () => resolve()));
    this.inFlight.push({ bytes: data.length, taken });
    this.inFlightBytes += data.length;
    this.copyBytes += data.length;
    if (this.copyBytes >= this.statementBytes) this.endStatement();
    while (this.inFlightBytes > IN_FLIGHT_BYTES) {
      const oldest = this.inFlight.shift() as { bytes: number; taken: Promise<void> };
      await Promise.race([oldest.taken, this.failure]);
      this.inFlightBytes -= oldest.bytes;
    }
  }

  private async start(): Promise<Copy> {
    // pg runs one query at a time and queues the next, but a second one queued behind it is deprecated:
    // the new statement is sent once the one before the last has finished (the last may still be running).
    const beforeLast = this.ended.at(-2);
    if (beforeLast) await Promise.race([beforeLast.over, this.failure]);
    this.ended = this.ended.slice(-1);
    const columns = this.columns.map(([name]) => name).join(", ");
    const stream = this.client.query(copyFrom(`COPY ${this.table} (${columns}) FROM STDIN`));
    const copy: Copy = { stream, finished: once(stream, "finish").then(() => undefined), over: Promise.resolve(), isOver: false };
    // A COPY that fails never finishes; its failure reaches every wait through `this.failure`.
    copy.finished.catch(() => undefined);
    copy.over = new Promise<void>((resolve) => {
      const over = () => {
        copy.isOver = true;
        resolve();
      };
      stream.once("finish", over);
      stream.once("close", over);
      stream.on("error", (error) => {
        this.fail(error);
        over();
      });
    });
    this.copy = copy;
    this.copyBytes = 0;
    return copy;
  }

  /** Ends the COPY taking rows (without waiting for it): the server stores its rest and checks them. */
  private endStatement(): void {
    const copy = this.copy;
    if (!copy) return;
    this.copy = null;
    copy.stream.end();
    this.ended.push(copy);
  }

  /**
   * Abandons the rows in flight (the import failed): the open COPY is failed, those already
   * ended finish or fail on their own, and it returns once every one of them is over on the
   * connection, so what the caller sends next (ROLLBACK) is not queued behind them.
   */
  private async abort(): Promise<void> {
    const current = this.copy;
    this.copy = null;
    const copies = current ? [...this.ended, current] : this.ended;
    this.ended = [];
    if (current && !current.isOver) current.stream.destroy(new Error("The import stopped before its rows were all read."));
    await Promise.all(copies.map((copy) => copy.over));
  }
}

interface Copy {
  stream: ReturnType<typeof copyFrom>;
  /** Settles once the server has stored and checked every row of the statement; rejects if it failed. */
  finished: Promise<void>;
  /** Resolves once the statement is over on the connection, finished or failed. */
  over: Promise<void>;
  isOver: boolean;
}

/** One value in COPY's text format: \N for null, special characters backslash-escaped. */
function copyValue(value: unknown, type: StagedType): string {
  if (value === null || value === undefined) return "\\N";
  switch (type) {
    case "int":
      return (value as number).toFixed(0);
    case "bool":
      return value === true ? "t" : "f";
    case "jsonb":
      return escapeCopy(JSON.stringify(value));
    case "text[]":
      return escapeCopy(`{${(value as string[]).map(arrayElement).join(",")}}`);
    case "copy":
      // Already in COPY's text format (`escapeCopy`, or known to need no escape).
      return value as string;
    default:
      return escapeCopy(value as string);
  }
}

const COPY_SPECIAL = /[\\\t\n\r]/;

/**
 * A text in COPY's text format: backslash, tab, newline and carriage return
 * backslash-escaped (one replace per character with a fixed replacement is
 * about twice as fast as one replace calling a function per match).
 */
export function escapeCopy(text: string): string {
  return COPY_SPECIAL.test(text) ? text.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : text;
}

/** An element of a PostgreSQL array literal, always quoted (so NULL, commas and braces stay text). */
const arrayElement = (text: string) => `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
