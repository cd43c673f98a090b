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

/**
 * A page's search parameters as filters: single, non-empty values only. A
 * value PostgreSQL cannot take (it holds U+0000) names nothing, so it is
 * dropped like an unknown filter rather than failing the page.
 */
export async function pageQuery(searchParams: Promise<Record<string, string | string[] | undefined>>): Promise<Record<string, string>> {
  const raw = await searchParams;
  return Object.fromEntries(Object.entries(raw).flatMap(([key, value]) => (typeof value === "string" && value !== "" && !value.includes("\u0000") ? [[key, value]] : [])));
}
