import "server-only";
import { notFound } from "next/navigation";
import { isUuid } from "@/lib/ids";

/**
 * A page's path parameters that name rows. Every id is a UUID: anything else
 * names nothing, so the page is "not found" before any query runs.
 */
export async function pageIds<K extends string>(params: Promise<Record<K, string>>): Promise<Record<K, string>> {
  const ids = await params;
  for (const value of Object.values<string>(ids)) if (!isUuid(value)) notFound();
  return ids;
}
