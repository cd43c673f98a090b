"use client";

import { ServerError } from "@/components/server-error";
import "./globals.css";

/** The root layout itself failed (its header reads the signed-in user): the same message, in a document of its own. */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <title>Tandem</title>
        <main className="mx-auto max-w-6xl px-6 py-8">
          <ServerError error={error} retry={retry} />
        </main>
      </body>
    </html>
  );
}
