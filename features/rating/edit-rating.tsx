"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import type { ClaimedItem } from "./claim";
import type { PhysicianRating } from "./schemas";
import { draftFromRating } from "./form-state";
import { ItemRater } from "./item-rater";

/**
 * Reopens one of the rater's own ratings at its saved values; saving keeps the
 * earlier version on the server, with the rater's reason for the change.
 */
export function EditRating({ queueId, item, rating }: { queueId: string; item: ClaimedItem; rating: PhysicianRating }) {
  const router = useRouter();
  const initialDraft = useMemo(() => draftFromRating(rating), [rating]);
  const back = `/queues/${queueId}/ratings`;
  return (
    <div className="space-y-3">
      <Link href={back} className="text-sm underline">← My ratings</Link>
      <ItemRater
        item={item}
        mode="edit"
        initialDraft={initialDraft}
        onDone={() => {
          // My ratings confirms the save, naming the answer and the version it is at now.
          router.push(`${back}?saved=${item.assignmentId}`);
          router.refresh();
        }}
      />
    </div>
  );
}
