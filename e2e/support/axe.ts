// axe-core run in the page: the serious and critical accessibility violations of what is on screen.
import { createRequire } from "node:module";
import { expect, type Page } from "@playwright/test";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

interface AxeResults {
  violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[];
}

/** `id: targets` of each serious or critical violation on the page (open dialogs included); empty when there is none. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Checked on a whole document: a refresh that falls back to a full reload (the router does when a refresh's
  // fetch fails) leaves, for a moment, a page still parsing its head, without its <title>. A page that never gets
  // a title still fails, here, after the usual timeout.
  await page.waitForLoadState("load");
  await expect(page).toHaveTitle(/\S/);
  await page.addScriptTag({ path: axePath });
  const results = await page.evaluate(() => (window as unknown as { axe: { run: () => Promise<AxeResults> } }).axe.run());
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}
