// Everything a request can reach, read from the source tree: each route
// handler with its HTTP methods, each page, and each exported server action.
import { sourceFiles } from "./source-files";

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** `app/api/v1/studies/[id]/route.ts` → `/api/v1/studies/[id]` (route groups dropped). */
function urlPattern(file: string, fileName: string): string {
  const segments = file.slice("app/".length, -fileName.length).split("/").filter((s) => s !== "" && !/^\(.*\)$/.test(s));
  return `/${segments.join("/")}`;
}

/** The HTTP methods a route file exports: `export const GET`, `export async function GET`, `export { handler as GET }`. */
function exportedMethods(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/export\s+(?:const|let|(?:async\s+)?function)\s+([A-Z]+)\b/g)) found.add(m[1] ?? "");
  for (const list of text.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of (list[1] ?? "").split(",")) found.add(part.trim().split(/\s+as\s+/).at(-1) ?? "");
  }
  return METHODS.filter((method) => found.has(method));
}

/** Every route handler as `METHOD /url/pattern`. */
export function appRoutes(): string[] {
  return sourceFiles(["app"])
    .filter((f) => f.path.endsWith("/route.ts"))
    .flatMap((f) => exportedMethods(f.text).map((method) => `${method} ${urlPattern(f.path, "route.ts")}`))
    .sort();
}

/** Every page as its URL pattern. */
export function appPages(): string[] {
  return sourceFiles(["app"])
    .filter((f) => /\/page\.tsx?$/.test(f.path))
    .map((f) => urlPattern(f.path, f.path.endsWith(".tsx") ? "page.tsx" : "page.ts"))
    .sort();
}

/** Every export of a "use server" module, as `file#name`. */
export function serverActions(): string[] {
  return sourceFiles(["app", "features", "lib", "components"])
    .filter((f) => /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*["']use server["']/.test(f.text))
    .flatMap((f) => [...f.text.matchAll(/export\s+(?:const|let|(?:async\s+)?function)\s+(\w+)/g)].map((m) => `${f.path}#${m[1] ?? ""}`))
    .sort();
}
