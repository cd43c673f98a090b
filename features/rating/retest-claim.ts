import "server-only";
import type { Prisma } from "@/lib/db/prisma";
import type { QualityQueue } from "./quality-claim";

/** A retest of an answer this rater rated long enough ago, when one is due at the queue's share, held for them; null when none. */
export function claimRetest(_tx: Prisma.TransactionClient, _queue: QualityQueue, _userId: string): Promise<string | null> {
  return Promise.resolve(null);
}
