"use client";

import { startTransition, useActionState, useRef, useState, type ReactNode } from "react";
import type { ActionState, FormActionFn } from "@/lib/action-state";
import { useModalDialog } from "./modal-dialog";

const buttonClass = {
  neutral: "rounded border border-slate-300 bg-white px-3 py-1.5 text-slate-800 hover:bg-slate-50",
  danger: "rounded bg-red-700 px-3 py-1.5 text-white hover:bg-red-800 disabled:opacity-60",
};

/**
 * A modal that asks before something hard to undo. Escape or Cancel closes it
 * without acting; focus starts on Cancel, so Enter alone never confirms.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  pending = false,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  pending?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { dialogRef, titleId } = useModalDialog(open);

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      className="m-auto max-w-md rounded border border-slate-300 p-5 shadow-lg backdrop:bg-slate-900/40"
    >
      <h2 id={titleId} className="text-lg font-semibold text-slate-900">
        {title}
      </h2>
      <div className="mt-2 space-y-2 text-sm text-slate-700">{children}</div>
      <div className="mt-4 flex justify-end gap-2">
        <button type="button" autoFocus className={buttonClass.neutral} onClick={onCancel}>
          Cancel
        </button>
        <button type="button" disabled={pending} className={buttonClass.danger} onClick={onConfirm}>
          {pending ? "Working…" : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

/**
 * A button that runs a server action only after a confirmation. `fields` are
 * sent as hidden inputs; `children` are inputs shown inside the dialog (a
 * reason, say), sent with them. The outcome is shown beside the button.
 */
export function ConfirmedActionButton<T>({
  action,
  label,
  title,
  description,
  confirmLabel,
  fields = {},
  children,
  renderSuccess,
}: {
  action: FormActionFn<T>;
  label: string;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  fields?: Record<string, string>;
  children?: ReactNode;
  renderSuccess?: (state: { message: string; data: T }) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [state, formAction, pending] = useActionState<ActionState<T>, FormData>(action, null);
  const formRef = useRef<HTMLFormElement>(null);

  function confirm() {
    const form = formRef.current;
    if (!form || !form.reportValidity()) return;
    const formData = new FormData(form);
    for (const [name, value] of Object.entries(fields)) formData.set(name, value);
    startTransition(() => formAction(formData));
    setOpen(false);
  }

  return (
    <div className="inline-block">
      <button type="button" disabled={pending} className={buttonClass.neutral} onClick={() => setOpen(true)}>
        {pending ? "Working…" : label}
      </button>
      <ConfirmDialog open={open} title={title} confirmLabel={confirmLabel} pending={pending} onConfirm={confirm} onCancel={() => setOpen(false)}>
        <div>{description}</div>
        <form ref={formRef} onSubmit={(event) => { event.preventDefault(); confirm(); }} className="space-y-2">
          {children}
        </form>
      </ConfirmDialog>
      {state && (
        <div role={state.ok ? "status" : "alert"} className={state.ok ? "mt-1 text-sm text-green-800" : "mt-1 text-sm text-red-700"}>
          {state.ok && renderSuccess ? renderSuccess(state) : state.message}
        </div>
      )}
    </div>
  );
}
