"use client";

import { signOut } from "next-auth/react";
import { useEffect } from "react";
import { ActionForm, Field } from "@/components/form";
import type { FormActionFn } from "@/lib/action-state";
import { PASSWORD_RULE } from "@/lib/auth/password-rule";

/** A user's own new password. A change ends every session, this one too, so the form signs out and goes to sign in. */
export function ChangePasswordForm({ action }: { action: FormActionFn<null> }) {
  return (
    <ActionForm action={action} submitLabel="Change password" renderSuccess={({ message }) => <SignOutAfterChange message={message} />}>
      {(errors) => (
        <>
          <Field label="Current or temporary password" name="currentPassword" type="password" required autoComplete="current-password" error={errors.currentPassword} />
          <Field label="New password" name="newPassword" type="password" required autoComplete="new-password"
            aria-describedby="password-rule" error={errors.newPassword} />
          <Field label="New password again" name="repeatPassword" type="password" required autoComplete="new-password" error={errors.repeatPassword} />
          <p id="password-rule" className="text-xs text-slate-600">
            {PASSWORD_RULE}
          </p>
        </>
      )}
    </ActionForm>
  );
}

function SignOutAfterChange({ message }: { message: string }) {
  useEffect(() => {
    void signOut({ callbackUrl: "/sign-in?password=changed" });
  }, []);
  return <p>{message}</p>;
}
