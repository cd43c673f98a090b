"use client";

import { signIn } from "next-auth/react";
import { useState, type SubmitEvent } from "react";
import { parseSignInRefusal, signInRefusalMessage } from "@/lib/auth/sign-in-refusal";

export function SignInForm() {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    const text = (name: string) => {
      const value = form.get(name);
      return typeof value === "string" ? value : "";
    };
    const result = await signIn("credentials", { email: text("email"), password: text("password"), redirect: false });
    setPending(false);
    if (result?.ok) {
      // A full navigation, so the server renders the landing page for the new session.
      window.location.assign("/");
    } else {
      const refusal = parseSignInRefusal(result?.error);
      setError(refusal ? signInRefusalMessage(refusal) : "That email and password do not match an active account.");
    }
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} className="space-y-4 rounded border border-slate-200 bg-white p-6">
      <label className="block text-sm">
        <span className="font-medium text-slate-700">Email</span>
        <input name="email" type="email" autoComplete="username" required autoFocus
          className="mt-1 block w-full rounded border border-slate-300 px-3 py-2" />
      </label>
      <label className="block text-sm">
        <span className="font-medium text-slate-700">Password</span>
        <input name="password" type="password" autoComplete="current-password" required
          className="mt-1 block w-full rounded border border-slate-300 px-3 py-2" />
      </label>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending}
        className="w-full rounded bg-brand-600 px-4 py-2 text-white hover:bg-brand-700 disabled:opacity-60">
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
