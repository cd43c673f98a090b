"use client";

import { startTransition, useActionState, useId, useState, type ReactNode, type SubmitEvent } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import type { ActionState, FormActionFn } from "@/lib/action-state";
import { COMMISSION_HARM_LEVELS, CRITICAL_ACTION_RESULTS, OMISSION_HARM_LEVELS, OMISSION_MECHANISMS, RESPONSE_CLASSES } from "@/lib/instrument";

/** The stored gold scores the form starts from, or null for none. */
export interface GoldValuesShown {
  omissionHarm: number;
  commissionHarm: number;
  criticalActionResults: string[];
  responseClass: string | null;
  omissionMechanism: string | null;
  reasoning: string | null;
}

function Select({ label, name, defaultValue, error, children }: { label: string; name: string; defaultValue: string; error?: string | undefined; children: ReactNode }) {
  const id = useId();
  return (
    <div className="text-sm">
      <label htmlFor={id} className="block font-medium text-slate-700">{label}</label>
      <select id={id} name={name} defaultValue={defaultValue} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} className="mt-1 block w-full rounded border border-slate-300 px-2 py-1.5">
        {children}
      </select>
      {error && <span id={`${id}-error`} className="text-red-700">{error}</span>}
    </div>
  );
}

/**
 * The admin's gold-score form on the answer page: set or change the answer's
 * reference scores, and clear them after a confirmation.
 */
export function GoldScoreForm({
  studyId,
  answerId,
  criticalActions,
  current,
  setAction,
  clearAction,
}: {
  studyId: string;
  answerId: string;
  criticalActions: string[];
  current: GoldValuesShown | null;
  setAction: FormActionFn<{ created: boolean }>;
  clearAction: FormActionFn<{ cleared: boolean }>;
}) {
  const [state, formAction, pending] = useActionState<ActionState<{ created: boolean }>, FormData>(setAction, null);
  const errors = state && !state.ok ? state.fieldErrors : {};
  const reasoningId = useId();
  function onSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => formAction(formData));
  }
  // Keyed on the stored values, so the form shows them again after a change or a clear.
  const key = JSON.stringify(current);
  return (
    <div className="space-y-3">
      <form key={key} noValidate onSubmit={onSubmit} aria-label="Gold scores" className="space-y-3 rounded border border-slate-200 bg-white p-4">
        <input type="hidden" name="studyId" value={studyId} />
        <input type="hidden" name="answerId" value={answerId} />
        <div className="grid gap-3 sm:grid-cols-2">
          <Select label="Omission harm" name="omissionHarm" defaultValue={current ? String(current.omissionHarm) : ""} error={errors.omissionHarm}>
            <option value="">—</option>
            {OMISSION_HARM_LEVELS.map((level, i) => <option key={i} value={i}>{i} · {level.label}</option>)}
          </Select>
          <Select label="Commission harm" name="commissionHarm" defaultValue={current ? String(current.commissionHarm) : ""} error={errors.commissionHarm}>
            <option value="">—</option>
            {COMMISSION_HARM_LEVELS.map((level, i) => <option key={i} value={i}>{i} · {level.label}</option>)}
          </Select>
          {criticalActions.map((action, i) => (
            <Select key={i} label={`Critical action ${i + 1}: ${action}`} name="criticalActionResults" defaultValue={current?.criticalActionResults[i] ?? ""}>
              <option value="">—</option>
              {Object.entries(CRITICAL_ACTION_RESULTS).map(([value, { label }]) => <option key={value} value={value}>{label}</option>)}
            </Select>
          ))}
          <Select label="Response class" name="responseClass" defaultValue={current?.responseClass ?? ""} error={errors.responseClass}>
            <option value="">—</option>
            {Object.entries(RESPONSE_CLASSES).map(([value, { label }]) => <option key={value} value={value}>{label}</option>)}
          </Select>
          <Select label="Omission mechanism" name="omissionMechanism" defaultValue={current?.omissionMechanism ?? ""} error={errors.omissionMechanism}>
            <option value="">—</option>
            {Object.entries(OMISSION_MECHANISMS).map(([value, { label }]) => <option key={value} value={value}>{label}</option>)}
          </Select>
        </div>
        {errors.criticalActionResults && <p className="text-sm text-red-700">{errors.criticalActionResults}</p>}
        <div className="text-sm">
          <label htmlFor={reasoningId} className="block font-medium text-slate-700">Reasoning (optional)</label>
          <textarea id={reasoningId} name="reasoning" rows={2} defaultValue={current?.reasoning ?? ""} className="mt-1 block w-full rounded border border-slate-300 px-2 py-1.5" />
        </div>
        <button type="submit" disabled={pending} className="rounded bg-brand-600 px-4 py-2 text-white hover:bg-brand-700 disabled:opacity-60">
          {pending ? "Working…" : current ? "Change gold scores" : "Set gold scores"}
        </button>
        {state && (
          <div role={state.ok ? "status" : "alert"} className={state.ok ? "text-sm text-green-800" : "text-sm text-red-700"}>
            {state.message}
          </div>
        )}
      </form>
      <ClearGoldButton studyId={studyId} answerId={answerId} shown={current !== null} action={clearAction} />
    </div>
  );
}

/**
 * Clears the answer's gold scores once confirmed. Its outcome stays shown
 * after the clear, when the button itself is gone (there is nothing left to clear).
 */
function ClearGoldButton({ studyId, answerId, shown, action }: { studyId: string; answerId: string; shown: boolean; action: FormActionFn<{ cleared: boolean }> }) {
  const [open, setOpen] = useState(false);
  const [state, formAction, pending] = useActionState<ActionState<{ cleared: boolean }>, FormData>(action, null);
  function confirm() {
    const formData = new FormData();
    formData.set("studyId", studyId);
    formData.set("answerId", answerId);
    startTransition(() => formAction(formData));
    setOpen(false);
  }
  return (
    <div>
      {shown && (
        <button type="button" disabled={pending} onClick={() => setOpen(true)} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-slate-800 hover:bg-slate-50">
          {pending ? "Working…" : "Clear gold scores"}
        </button>
      )}
      <ConfirmDialog open={open} title="Clear this answer's gold scores?" confirmLabel="Clear gold scores" pending={pending} onConfirm={confirm} onCancel={() => setOpen(false)}>
        The answer stops being a gold item: no rater is offered it as one again, and the gold ratings already given of it leave the
        agreement-with-gold figures. The values cleared are kept in the audit log.
      </ConfirmDialog>
      {state && (
        <div role={state.ok ? "status" : "alert"} className={state.ok ? "mt-1 text-sm text-green-800" : "mt-1 text-sm text-red-700"}>
          {state.message}
        </div>
      )}
    </div>
  );
}
