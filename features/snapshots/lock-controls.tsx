"use client";

import { ConfirmedActionButton } from "@/components/confirm-dialog";
import type { FormActionFn } from "@/lib/action-state";
import type { LockState } from "./lock";
import { REASON_MAX } from "./schemas";

function ReasonField({ purpose }: { purpose: string }) {
  return (
    <label className="block">
      <span className="font-semibold">Reason</span>
      <textarea name="reason" required maxLength={REASON_MAX} rows={2} placeholder={purpose}
        className="mt-1 w-full rounded border border-slate-300 px-2 py-1" />
    </label>
  );
}

/** Lock (freezing a snapshot) or unlock the study, each after a confirmation that asks why. */
export function LockControls({ studyId, locked, lockAction, unlockAction }: {
  studyId: string;
  locked: boolean;
  lockAction: FormActionFn<LockState>;
  unlockAction: FormActionFn<LockState>;
}) {
  return locked ? (
    <ConfirmedActionButton
      action={unlockAction}
      label="Unlock study"
      title="Unlock this study?"
      description="Raters can claim, rate, edit and skip again, and imports and queue changes are allowed. The snapshots taken so far stay as they are; the live figures may then move away from them."
      confirmLabel="Unlock"
      fields={{ studyId }}
    >
      <ReasonField purpose="e.g. reviewers asked for more ratings" />
    </ConfirmedActionButton>
  ) : (
    <ConfirmedActionButton
      action={lockAction}
      label="Lock study"
      title="Lock this study?"
      description="Every write stops: no claims, ratings, edits, skips, imports or queue changes until it is unlocked. The ratings export, results and analysis as of now are stored as a snapshot with its SHA-256."
      confirmLabel="Lock and take snapshot"
      fields={{ studyId }}
    >
      <ReasonField purpose="e.g. analysis for the paper" />
    </ConfirmedActionButton>
  );
}
