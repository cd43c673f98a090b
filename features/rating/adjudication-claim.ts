import "server-only";
import type { Prisma } from "@/lib/db/prisma";
import type { QualityQueue } from "./quality-claim";

/** An answer of the queue waiting for adjudication that this rater may adjudicate, held for them; null when none. */
export function claimAdjudication(_tx: Prisma.TransactionClient, _queue: QualityQueue, _userId: string): Promise<string | null> {
  return Promise.resolve(null);
}
