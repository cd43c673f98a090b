"use client";

import { DATABASE_UNAVAILABLE_DIGEST, DATABASE_UNAVAILABLE_MESSAGE } from "@/lib/errors";

/**
 * What a page shows when its data could not be read. In production the
 * browser never receives a server error's message, only its digest: a
 * database outage has a digest of its own (lib/errors.ts), anything else is
 * a bug that the server has logged.
 */
export function ServerError({ error, retry }: { error: unknown; retry: () => void }) {
  const outage = error instanceof Error && (error as { digest?: unknown }).digest === DATABASE_UNAVAILABLE_DIGEST;
  return (
    <div role="alert" className="mx-auto max-w-lg rounded border border-slate-200 bg-white p-8 text-center" data-testid="server-error">
      <h1 className="text-2xl font-semibold">{outage ? "Database unavailable" : "Something went wrong"}</h1>
      <p className="mt-2 text-slate-600">{outage ? DATABASE_UNAVAILABLE_MESSAGE : "Something went wrong on our side; it has been logged."}</p>
      <button type="button" onClick={retry} className="mt-4 rounded bg-brand-600 px-4 py-2 text-white hover:bg-brand-700">
        Try again
      </button>
    </div>
  );
}
