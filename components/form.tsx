"use client";

import { startTransition, useActionState, useEffect, useRef, type ReactNode, type SubmitEvent } from "react";
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
    <form ref={formRef} onSubmit={onSubmit} className="space-y-3 rounded border border-slate-200 bg-white p-4">
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

export function Field({
  label,
  name,
  error,
  ...input
}: { label: string; name: string; error?: string | undefined } & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className="block text-sm">
      <span className="font-medium text-slate-700">{label}</span>
      <input
        name={name}
        aria-invalid={error ? true : undefined}
        className="mt-1 block w-full rounded border border-slate-300 px-3 py-2"
        {...input}
      />
      {error && <span className="text-red-700">{error}</span>}
    </label>
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
  return (
    <label className="block text-sm">
      <span className="font-medium text-slate-700">{label}</span>
      <select name={name} className="mt-1 block w-full rounded border border-slate-300 px-3 py-2">
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
      {error && <span className="text-red-700">{error}</span>}
    </label>
  );
}
