// The project's own TypeScript files under some top-level folders, for tests
// that hold a rule over the whole source tree.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const projectRoot = path.resolve(import.meta.dirname, "../..");

const skipped = new Set(["node_modules", ".next", "generated"]);

export interface SourceFile {
  /** Relative to the project root, with forward slashes. */
  path: string;
  text: string;
}

export function sourceFiles(folders: string[]): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(projectRoot, dir), { withFileTypes: true })) {
      const relative = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!skipped.has(entry.name)) walk(relative);
      } else if (/\.(ts|tsx|mts|mjs)$/.test(entry.name)) {
        files.push({ path: relative, text: readFileSync(path.join(projectRoot, relative), "utf8") });
      }
    }
  };
  for (const folder of folders) walk(folder);
  return files;
}
