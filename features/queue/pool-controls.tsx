"use client";

import { useActionState } from "react";
import { ConfirmedActionButton } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/page-header";
import type { FormActionFn } from "@/lib/action-state";

/**
 * The admin's "Add rater" form: a select of the active raters not in the pool.
 * Its outcome stays shown after the last candidate joined and the select is gone.
 */
export function AddRaterForm({ action, queueId, candidates }: {
  action: FormActionFn<{ userId: string; email: string; name: string }>;
  queueId: string;
  candidates: { email: string; name: string }[];
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const emailError = state && !state.ok ? state.fieldErrors.email : undefined;
  return (
    <div className="space-y-2">
      {candidates.length === 0 ? (
        <EmptyState>Every active rater is already in the pool.</EmptyState>
      ) : (
        <form action={formAction} className="space-y-3 rounded border border-slate-200 bg-white p-4">
          <input type="hidden" name="queueId" value={queueId} />
          <label className="block text-sm">
            <span className="font-medium text-slate-700">Rater to add</span>
            <select name="email" required aria-invalid={emailError ? true : undefined} className="mt-1 block w-full rounded border border-slate-300 px-3 py-2">
              {candidates.map((c) => (
                <option key={c.email} value={c.email}>{c.name} ({c.email})</option>
              ))}
            </select>
            {emailError && <span className="text-red-700">{emailError}</span>}
          </label>
          <button type="submit" disabled={pending} className="rounded bg-brand-600 px-4 py-2 text-white hover:bg-brand-700 disabled:opacity-60">
            {pending ? "Working…" : "Add rater"}
          </button>
        </form>
      )}
      {state && (
        <div role={state.ok ? "status" : "alert"} className={state.ok ? "text-sm text-green-800" : "text-sm text-red-700"}>
          {state.message}
        </div>
      )}
    </div>
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
