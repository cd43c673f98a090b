import "server-only";
import type { Prisma } from "@/lib/db/prisma";

const BATCH_ROWS = 2000;

/**
 * Rows buffered in memory a batch at a time and written to a temporary
 * staging table (dropped at commit) with one `INSERT … SELECT unnest(…)`
 * per batch; the checks and the merge then run as set-based SQL.
 */
export class StagingWriter<Row> {
  private rows: Row[] = [];

  constructor(
    private readonly tx: Prisma.TransactionClient,
    private readonly insertBatch: (rows: Row[]) => Prisma.Sql,
  ) {}

  async add(row: Row): Promise<void> {
    this.rows.push(row);
    if (this.rows.length >= BATCH_ROWS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    await this.tx.$executeRaw(this.insertBatch(rows));
  }
}

/** One column of a batch as an array parameter. */
export const column = <Row, T>(rows: Row[], pick: (row: Row) => T): T[] => rows.map(pick);
