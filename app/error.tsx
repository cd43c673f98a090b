"use client";

import { ServerError } from "@/components/server-error";

/** A page whose data could not be read, inside the app's layout. */
export default function PageError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ServerError error={error} retry={retry} />;
}
