"use client";

import { ConfirmedActionButton } from "@/components/confirm-dialog";
import { ActionForm } from "@/components/form";
import type { FormActionFn } from "@/lib/action-state";

/** The admin's "Add rater" form: a select of the active raters not in the pool. */
export function AddRaterForm({ action, queueId, candidates }: {
  action: FormActionFn<{ userId: string; email: string; name: string }>;
  queueId: string;
  candidates: { email: string; name: string }[];
}) {
  return (
    <ActionForm action={action} submitLabel="Add rater">
      {(errors) => (
        <>
          <input type="hidden" name="queueId" value={queueId} />
          <label className="block text-sm">
            <span className="font-medium text-slate-700">Rater to add</span>
            <select name="email" required aria-invalid={errors.email ? true : undefined} className="mt-1 block w-full rounded border border-slate-300 px-3 py-2">
              {candidates.map((c) => (
                <option key={c.email} value={c.email}>{c.name} ({c.email})</option>
              ))}
            </select>
            {errors.email && <span className="text-red-700">{errors.email}</span>}
          </label>
        </>
      )}
    </ActionForm>
  );
}

/** Remove one rater from the pool, once confirmed: what happens to their holds, ratings and skips is said first. */
export function RemoveRaterButton({ action, queueId, rater }: {
  action: FormActionFn<{ userId: string; email: string; releasedHolds: number }>;
  queueId: string;
  rater: { userId: string; name: string; email: string; rated: number; skipped: number; holding: number };
}) {
  return (
    <ConfirmedActionButton
      action={action}
      label={`Remove ${rater.name}`}
      title={`Remove ${rater.name} from the pool?`}
      confirmLabel="Remove from the pool"
      fields={{ queueId, userId: rater.userId }}
      description={
        <>
          {rater.name} ({rater.email}) will no longer claim, rate, edit or skip answers in this queue.
          {rater.holding > 0 ? ` The ${rater.holding === 1 ? "answer they hold goes" : `${rater.holding} answers they hold go`} back to the pool.` : ""}{" "}
          Their {rater.rated} {rater.rated === 1 ? "rating stays" : "ratings stay"} and {rater.skipped === 1 ? "1 skip stays" : `${rater.skipped} skips stay`} on record.
          If that would leave answers short of the ratings asked with no one to rate them, the removal is refused: add a rater first.
        </>
      }
    />
  );
}
