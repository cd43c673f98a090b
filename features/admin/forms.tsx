"use client";

import { ConfirmedActionButton } from "@/components/confirm-dialog";
import { ActionForm, Field, SelectField } from "@/components/form";
import type { FormActionFn } from "@/lib/action-state";
import { Role } from "@/lib/db/generated/enums";
import { PASSWORD_RULE } from "@/lib/auth/password-rule";

export function CreateStudyForm<T>({ action }: { action: FormActionFn<T> }) {
  return (
    <ActionForm action={action} submitLabel="Create study">
      {(errors) => (
        <>
          <Field label="Name" name="name" required error={errors.name} />
          <Field label="Description" name="description" error={errors.description} />
        </>
      )}
    </ActionForm>
  );
}

export function CreateUserForm<T>({ action }: { action: FormActionFn<T> }) {
  return (
    <ActionForm action={action} submitLabel="Create user">
      {(errors) => (
        <>
          <Field label="Email" name="email" type="email" required error={errors.email} />
          <Field label="Name" name="name" required error={errors.name} />
          <SelectField label="Role" name="role" options={Object.values(Role)} error={errors.role} />
          <Field label="Password" name="password" type="password" required autoComplete="new-password"
            aria-describedby="password-rule" error={errors.password} />
          <p id="password-rule" className="text-xs text-slate-600">
            {PASSWORD_RULE}
          </p>
        </>
      )}
    </ActionForm>
  );
}

export function CreateTokenForm({ action }: { action: FormActionFn<{ token: string }> }) {
  return (
    <ActionForm
      action={action}
      submitLabel="Create token"
      renderSuccess={({ message, data }) => (
        <div>
          <p>{message}</p>
          <code data-testid="new-token" className="mt-1 block break-all rounded bg-slate-100 p-2 text-slate-900">
            {data.token}
          </code>
        </div>
      )}
    >
      {(errors) => (
        <>
          <Field label="Owner's email" name="email" type="email" required error={errors.email} />
          <Field label="Label" name="label" placeholder="e.g. judge pipeline" error={errors.label} />
        </>
      )}
    </ActionForm>
  );
}

/** Revoking is final: the button asks first, naming the token. */
export function RevokeTokenButton<T>({ action, id, prefix, owner }: { action: FormActionFn<T>; id: string; prefix: string; owner: string }) {
  return (
    <ConfirmedActionButton
      action={action}
      label="Revoke"
      title={`Revoke the token ${prefix}… of ${owner}?`}
      description={<>Scripts using it are refused from their next request. A revoked token cannot be restored; you would create a new one.</>}
      confirmLabel="Revoke token"
      fields={{ id }}
    />
  );
}
