"use client";

import { CHANGE_REASON_MAX } from "./schemas";

/** A draft of this edit left from an earlier visit: the rater restores or discards it; it is never applied silently. */
export function DraftOffer({ onRestore, onDiscard }: { onRestore: () => void; onDiscard: () => void }) {
  return (
    <div className="space-y-2 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="draft-offer">
      <p role="status">You have unsaved changes from an earlier visit. The form shows your saved rating.</p>
      <div className="flex gap-2">
        <button type="button" onClick={onRestore} className="rounded border border-amber-400 bg-white px-3 py-1">Restore unsaved changes</button>
        <button type="button" onClick={onDiscard} className="rounded border border-slate-300 bg-white px-3 py-1">Discard them</button>
      </div>
    </div>
  );
}

/** The optional reason for changing a rating; it is kept with the version it replaces. */
export function ChangeReasonField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  return (
    <label className="block text-sm">
      <span className="font-semibold">Reason for the change (optional)</span>
      <input value={value} onChange={(e) => onChange(e.target.value)} maxLength={CHANGE_REASON_MAX}
        placeholder="e.g. misread the dose on first reading" className="mt-1 block w-full rounded border border-slate-300 px-2 py-1" />
      <span className="text-xs text-slate-600">Kept with the earlier version and shown in the rating&apos;s history.</span>
    </label>
  );
}
