import "server-only";
import { clearLogs as clearPrismaDebugHistory } from "@prisma/debug";
import type { Prisma } from "@/lib/db/prisma";

const BATCH_ROWS = 1000;

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

/**
 * Rows buffered a batch at a time and written to a temporary staging table
 * (dropped at commit). Each batch travels as one JSON text parameter that
 * PostgreSQL unpacks with jsonb_to_recordset, which is much faster than
 * one array parameter per column. The checks and the merge then run as
 * set-based SQL over the staging table.
 */
export class StagingWriter<Row> {
  private rows: Row[] = [];
  // One batch is written while the next one is parsed (the transaction's
  // connection runs one statement at a time, so never more than one).
  private inFlight: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly tx: Prisma.TransactionClient,
    private readonly insertBatch: (json: string) => Prisma.Sql,
  ) {}

  async add(row: Row): Promise<void> {
    this.rows.push(row);
    if (this.rows.length >= BATCH_ROWS) await this.send();
  }

  /** Writes what is buffered and waits until every batch is in. */
  async flush(): Promise<void> {
    await this.send();
    await this.inFlight;
  }

  private async send(): Promise<void> {
    await this.inFlight;
    if (this.rows.length === 0) return;
    const json = JSON.stringify(this.rows);
    this.rows = [];
    const write = this.tx.$executeRaw(this.insertBatch(json));
    // Observed here so a failure is not "unhandled" before the next await rethrows it.
    write.catch(() => undefined);
    // @prisma/adapter-pg passes every query, parameters included, to
    // @prisma/debug, which keeps the last 100 calls for error reports: 100
    // batches of this size would stay in memory. Drop them once written.
    this.inFlight = write.then(clearPrismaDebugHistory, () => undefined).then(() => write);
  }
}
