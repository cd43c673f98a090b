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
export type StagedType = "text" | "int" | "bool" | "jsonb" | "text[]";

/** The staging table's columns, in the order COPY receives them. */
export type StagedColumns<Row> = readonly (readonly [keyof Row & string, StagedType])[];

// Rows are sent in chunks of about this many bytes; the stream's own buffer bounds what waits for the server.
const CHUNK_BYTES = 1024 * 1024;

/**
 * Rows written to a table with one `COPY … FROM STDIN` in text format,
 * streamed as they are read: memory holds one chunk, and a slow server
 * slows the reading down instead of the rows piling up. Usually the table
 * is a temporary staging table (dropped at commit) over which the checks
 * and the merge then run as set-based SQL; a study's first answers go
 * straight into `responses`. Nothing else may use the connection between
 * the first `add` and `finish`.
 */
export class StagingWriter<Row> {
  private copy: Copy | null = null;
  private chunk = "";
  private rows = 0;

  constructor(
    private readonly client: pg.ClientBase,
    private readonly table: string,
    private readonly columns: StagedColumns<Row>,
    registerAbort: (abort: () => Promise<void>) => void,
  ) {
    registerAbort(() => this.abort());
  }

  /**
   * Buffers one row; a full chunk is sent, and the promise returned then
   * settles once the server can take more (await it). Most rows only join
   * the chunk and return nothing, so a row costs no promise.
   */
  add(row: Row): Promise<void> | undefined {
    const columns = this.columns;
    let line = "";
    for (let i = 0; i < columns.length; i++) {
      const [name, type] = columns[i] as (typeof columns)[number];
      line += (i > 0 ? "\t" : "") + copyValue(row[name], type);
    }
    this.chunk += line + "\n";
    this.rows++;
    return this.chunk.length >= CHUNK_BYTES ? this.send() : undefined;
  }

  /** Sends what is buffered, ends the COPY and waits until the server has every row; returns how many. */
  async finish(): Promise<number> {
    await this.send();
    const copy = this.copy;
    if (!copy) return 0;
    this.copy = null;
    copy.stream.end();
    await Promise.race([once(copy.stream, "finish"), copy.failure]);
    return this.rows;
  }

  private async send(): Promise<void> {
    if (this.chunk.length === 0) return;
    const copy = this.copy ?? this.start();
    const data = Buffer.from(this.chunk, "utf8");
    this.chunk = "";
    if (!copy.stream.write(data)) await Promise.race([once(copy.stream, "drain"), copy.failure]);
  }

  private start(): Copy {
    const columns = this.columns.map(([name]) => name).join(", ");
    const stream = this.client.query(copyFrom(`COPY ${this.table} (${columns}) FROM STDIN`));
    const failure = new Promise<never>((_, reject) => stream.once("error", reject));
    // Observed here so an error is not "unhandled" before the next write or finish rethrows it.
    failure.catch(() => undefined);
    this.copy = { stream, failure };
    return this.copy;
  }

  /** Abandons a COPY in flight (the import failed while reading): the server drops it and the connection is usable again. */
  private async abort(): Promise<void> {
    const copy = this.copy;
    if (!copy) return;
    this.copy = null;
    const settled = Promise.race([once(copy.stream, "close"), copy.failure]).catch(() => undefined);
    copy.stream.destroy(new Error("The import stopped before its rows were all read."));
    await settled;
  }
}

interface Copy {
  stream: ReturnType<typeof copyFrom>;
  /** Rejects when the COPY fails. */
  failure: Promise<never>;
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
    default:
      return escapeCopy(value as string);
  }
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

function escapeCopy(text: string): string {
  return COPY_SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c] ?? c) : text;
}

/** An element of a PostgreSQL array literal, always quoted (so NULL, commas and braces stay text). */
const arrayElement = (text: string) => `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
