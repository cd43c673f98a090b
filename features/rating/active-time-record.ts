import "server-only";
import type { Prisma } from "@/lib/db/prisma";
import { activeSeconds } from "./active-time";

/**
 * Stores the active time of an assignment at its first submission (a rating
 * or a cannot-assess), measured on the database's clock: submitted_at (the
 * clock_timestamp() of the submission, stamped just before) minus claimed_at,
 * less the hidden seconds the browser reported. An edit never calls this, so
 * it never changes the time.
 */
export async function recordActiveSeconds(tx: Prisma.TransactionClient, assignmentId: string, hiddenSeconds: number | undefined): Promise<void> {
  const [row] = await tx.$queryRaw<{ elapsed: number }[]>`
    SELECT date_part('epoch', COALESCE(submitted_at, clock_timestamp()) - claimed_at)::float8 AS elapsed FROM assignments WHERE id = ${assignmentId}::uuid`;
  if (!row) return;
  await tx.$executeRaw`UPDATE assignments SET active_seconds = ${activeSeconds(row.elapsed, hiddenSeconds)} WHERE id = ${assignmentId}::uuid`;
}
