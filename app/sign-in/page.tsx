import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { landingPath } from "@/lib/roles";
import { SignInForm } from "@/features/users/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await getCurrentUser();
  if (user) redirect(landingPath(user.role));
  const { password } = await searchParams;
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="mb-6 text-2xl font-semibold">Sign in to Tandem</h1>
      {password === "changed" && (
        <p role="status" className="mb-4 rounded border border-green-200 bg-green-50 p-3 text-sm text-green-800">
          Your password was changed. Sign in with the new one.
        </p>
      )}
      <SignInForm />
    </div>
  );
}
