// The rating instrument driven from the keyboard only, as a physician would.
import type { Page } from "@playwright/test";

/** Rates the answer on screen with keys only (an answer to a scenario of 3 critical actions) and submits it. */
export async function rateByKeyboard(page: Page, scores: { oh: number; ch: number; reasoning: string }) {
  await page.keyboard.press(`Digit${scores.oh}`);
  await page.keyboard.press(`Shift+Digit${scores.ch}`);
  for (const key of ["h", "p", "m"]) await page.keyboard.press(key);
  await page.keyboard.press("c");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Escape");
  await page.keyboard.press("x");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Escape");
  await page.keyboard.press("r");
  await page.keyboard.type(scores.reasoning);
  await page.keyboard.press("Control+Enter");
}
