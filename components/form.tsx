"use client";

import { startTransition, useActionState, useEffect, useId, useRef, type ReactNode, type SubmitEvent } from "react";
import type { ActionState, FormActionFn } from "@/lib/action-state";

/** A form bound to a server action, showing its outcome and per-field errors. */
export function ActionForm<T>({
  action,
  submitLabel,
  children,
  renderSuccess,
}: {
  action: FormActionFn<T>;
  submitLabel: string;
  children: (fieldErrors: Record<string, string>) => ReactNode;
  renderSuccess?: (state: { message: string; data: T }) => ReactNode;
}) {
  const [state, formAction, pending] = useActionState<ActionState<T>, FormData>(action, null);
  const formRef = useRef<HTMLFormElement>(null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : {};

  // The server checks every field and reports every problem at once; the
  // browser's own checks (required, type=email) would stop at the first.
  // Submitting through a transition (not <form action>) keeps what was typed
  // when the server refuses it; the form is cleared only after a success.
  function onSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => formAction(formData));
  }
  useEffect(() => {
    if (state?.ok) formRef.current?.reset();
  }, [state]);

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-3 rounded border border-slate-200 bg-white p-4">
      {children(fieldErrors)}
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-brand-600 px-4 py-2 text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {pending ? "Working…" : submitLabel}
      </button>
      {state && (
        <div role={state.ok ? "status" : "alert"} className={state.ok ? "text-green-800" : "text-red-700"}>
          {state.ok && renderSuccess ? renderSuccess(state) : state.message}
        </div>
      )}
    </form>
  );
}

/** A labelled input; its error, if any, is shown under it and read with it (aria-describedby), outside its label so the name stays the label. */
export function Field({
  label,
  name,
  error,
  "aria-describedby": describedBy,
  ...input
}: { label: string; name: string; error?: string | undefined } & React.InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="text-sm">
      <label htmlFor={id} className="block font-medium text-slate-700">{label}</label>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={[describedBy, error ? errorId : undefined].filter(Boolean).join(" ") || undefined}
        className="mt-1 block w-full rounded border border-slate-300 px-3 py-2"
        {...input}
      />
      {error && <span id={errorId} className="text-red-700">{error}</span>}
    </div>
  );
}

export function SelectField({
  label,
  name,
  options,
  error,
}: {
  label: string;
  name: string;
  options: readonly string[];
  error?: string | undefined;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="text-sm">
      <label htmlFor={id} className="block font-medium text-slate-700">{label}</label>
      <select id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined} className="mt-1 block w-full rounded border border-slate-300 px-3 py-2">
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
      {error && <span id={errorId} className="text-red-700">{error}</span>}
    </div>
  );
}
