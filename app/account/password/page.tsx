import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { requireSignedIn } from "@/lib/auth/session";
import { changePasswordAction } from "@/features/users/actions";
import { ChangePasswordForm } from "@/features/users/change-password-form";

export const metadata: Metadata = { title: "Change password" };

export default async function ChangePasswordPage() {
  const user = await requireSignedIn();
  return (
    <div className="mx-auto max-w-md">
      <PageHeader title="Change password">
        {user.mustChangePassword
          ? "Your password was reset by an admin. Choose a new password to continue; you will then sign in with it."
          : "Choose a new password; you will then sign in again with it."}
      </PageHeader>
      <ChangePasswordForm action={changePasswordAction} />
    </div>
  );
}
