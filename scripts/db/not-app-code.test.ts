// The database tooling runs beside the app, never inside it: no app module
// imports it, so `next build` bundles neither the wasm schema engine nor the
// embedded PostgreSQL.
import { describe, expect, it } from "vitest";
import { sourceFiles } from "@/tests/support/source-files";

const importsTooling = /from\s+["'](?:@\/|(?:\.\.\/)+)scripts\/db\/|import\(\s*["'](?:@\/|(?:\.\.\/)+)scripts\/db\//;

describe("scripts/db", () => {
  it("is imported by no module of the app (app/, features/, lib/, components/; their tests may)", () => {
    const appModules = sourceFiles(["app", "features", "lib", "components"]).filter((f) => !/\.test\.tsx?$/.test(f.path));
    const importers = appModules.filter((f) => importsTooling.test(f.text)).map((f) => f.path);
    expect(importers).toEqual([]);
  });

  it("is what the scripts and the test setup import for migrations (the rule above would see an importer)", () => {
    const importers = sourceFiles(["scripts", "tests", "e2e"]).filter((f) => importsTooling.test(f.text)).map((f) => f.path);
    expect(importers).toContain("tests/integration/global-setup.ts");
  });
});
