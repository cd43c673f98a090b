// The rater's workspace from the keyboard: keys that never move a score the
// rater did not aim at, a "still missing" notice in view that keeps current,
// the instrument in view while reading, progress, the shortcut list and its
// off switch, the codebook, and accessible names and tap targets.
import { expect, test, type Page } from "@playwright/test";
import { COMMISSION_HARM_LEVELS, OMISSION_HARM_LEVELS, OMISSION_MECHANISMS, RESPONSE_CLASSES } from "../lib/instrument";
import { answer, ndjson, scenario } from "../tests/fixtures/study";
import { seriousViolations } from "./support/axe";
import { adminStudy } from "./support/study";
import { E2E_USERS, storageStatePath } from "./support/users";

const queues = { keys: "", missing: "", sticky: "", orientation: "" };
const LONG_ANSWER = Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1}: keep the limb still, watch for swelling, and call for help if it spreads.`).join("\n\n");
const LONG_GOLD = Array.from({ length: 40 }, (_, i) => `Gold point ${i + 1}: call emergency services and apply direct pressure.`).join("\n\n");

test.use({ storageState: storageStatePath("rater") });

test.beforeAll(async ({ playwright }, testInfo) => {
  const { post, dispose } = await adminStudy(playwright, testInfo.project.use.baseURL, `Workspace keys e2e ${Date.now()}`);
  await post("scenarios", scenario("WK-1", { prompt: "A deep cut on the forearm is bleeding heavily.", gold_standard_response: LONG_GOLD }));
  await post("scenarios", scenario("WK-2", { prompt: "My mother has chest pain and is sweating." }));
  await post("scenarios", scenario("WK-3", { prompt: "My toddler drank some bleach." }));
  await post("responses", ndjson([
    answer("WK-1", "wk-keys", 1, { response: "Press on the wound." }),
    answer("WK-1", "wk-missing", 1, { response: "Missing one." }),
    answer("WK-2", "wk-missing", 1, { response: "Missing two." }),
    answer("WK-1", "wk-sticky", 1, { response: LONG_ANSWER }),
    answer("WK-1", "wk-orientation", 1, { response: "Orientation one." }),
    answer("WK-2", "wk-orientation", 1, { response: "Orientation two." }),
    answer("WK-3", "wk-orientation", 1, { response: "Orientation three." }),
  ]));
  const raters = [E2E_USERS.rater.email];
  for (const name of ["keys", "missing", "sticky", "orientation"] as const) {
    queues[name] = (await post("queues", { name: `Workspace ${name}`, raters, ratingsPerItem: 1, filter: { models: [`wk-${name}`] } })).id;
  }
  await dispose();
});

const omission = (page: Page) => page.getByRole("group", { name: /Omission harm/ });
const commission = (page: Page) => page.getByRole("group", { name: /Commission harm/ });
const level = (group: ReturnType<typeof omission>, value: number) => group.getByRole("radio", { name: new RegExp(`^${value} — `) });

/** A numpad digit with NumLock on, as a keyboard sends it (Playwright's own numpad keys type what NumLock off gives: arrows, PageDown …). */
async function numpad(page: Page, digit: number) {
  const cdp = await page.context().newCDPSession(page);
  const key = { key: String(digit), code: `Numpad${digit}`, windowsVirtualKeyCode: 96 + digit, location: 3 };
  await cdp.send("Input.dispatchKeyEvent", { type: "keyDown", text: String(digit), ...key });
  await cdp.send("Input.dispatchKeyEvent", { type: "keyUp", ...key });
  await cdp.detach();
}

test("arrow keys never move a score, and every shortcut works wherever the focus is", async ({ page }) => {
  await page.goto(`/queues/${queues.keys}`);
  await expect(page.getByTestId("answer-text")).toHaveText("Press on the wound.");

  // Click OH 1, then ↓ and h: OH stays 1, ↓ selected the second action and h marked it.
  await level(omission(page), 1).click();
  await expect(level(omission(page), 1)).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(level(omission(page), 1)).toBeChecked();
  await expect(page.getByTestId("action-1")).toHaveAttribute("aria-current", "true");
  await expect(page.getByTestId("selected-action")).toHaveText("Selected: action 2 of 3, apply direct pressure, not marked.");
  await page.keyboard.press("h");
  await expect(page.getByRole("button", { name: "Action 2: hit" })).toHaveAttribute("aria-pressed", "true");
  await expect(level(omission(page), 1)).toBeChecked();
  await expect(page.getByTestId("selected-action")).toHaveText("Selected: action 3 of 3, elevate the limb, not marked.");

  // A score key while a score has focus changes the score it names; the numpad's digits count as digits.
  await numpad(page, 3);
  await expect(level(omission(page), 3)).toBeChecked();
  // Without NumLock the numpad's 8 is ↑: it selects the previous action and leaves the score alone.
  await level(omission(page), 3).focus();
  await page.keyboard.press("Numpad8");
  await expect(level(omission(page), 3)).toBeChecked();
  await expect(page.getByTestId("action-1")).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Shift+Digit2");
  await expect(level(commission(page), 2)).toBeChecked();

  // In a select the rater moved to, ↓ chooses and the other keys stay shortcuts (h marks, it does not pick "Hard refusal").
  await page.keyboard.press("c");
  const responseClass = page.getByLabel(/Response class/);
  await expect(responseClass).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(responseClass).toHaveValue("substantive");
  await page.keyboard.press("m");
  await expect(page.getByRole("button", { name: "Action 3: miss" })).toHaveAttribute("aria-pressed", "true");
  await expect(responseClass).toHaveValue("substantive");
  await page.keyboard.press("Digit0");
  await expect(level(omission(page), 0)).toBeChecked();

  // The highlighted action follows the focus, and the focus follows the highlight on the action buttons.
  await page.getByRole("button", { name: "Action 1: partial" }).click();
  await expect(page.getByTestId("action-0")).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("ArrowDown");
  await expect(page.getByTestId("action-1")).toHaveAttribute("aria-current", "true");
  await expect(page.getByRole("button", { name: "Action 2: hit" })).toBeFocused();
  await expect(page.getByTestId("action-0")).not.toHaveAttribute("aria-current", "true");

  // Typing the reasoning keeps every key as text.
  await page.keyboard.press("r");
  await page.keyboard.type("h 2 ?");
  await expect(page.getByLabel(/Reasoning/)).toHaveValue("h 2 ?");
  await expect(level(omission(page), 0)).toBeChecked();
  await expect(page.getByTestId("shortcuts-help")).toBeHidden();
});

test("“still missing” shows in view, takes the focus to the first missing field and keeps current", async ({ page }) => {
  await page.goto(`/queues/${queues.missing}`);
  await expect(page.getByTestId("answer-text")).toHaveText(/Missing (one|two)\./);
  const first = await page.getByTestId("blind-code").textContent();

  await page.keyboard.press("Control+Enter");
  const notice = page.getByTestId("notice");
  // Listed in the form's order: the critical actions are drawn first, so the focus goes to the first of them.
  await expect(notice).toHaveText("Still missing: 3 critical actions, omission harm, commission harm, response class, omission mechanism, reasoning.");
  await expect(notice).toBeInViewport();
  await expect(page.getByRole("button", { name: "Action 1: hit" })).toBeFocused();
  await expect(page.getByTestId("action-0")).toHaveAttribute("aria-current", "true");
  await expect(omission(page)).toContainText("missing");
  expect(await seriousViolations(page)).toEqual([]);

  // The notice follows the form, without another submit.
  await page.keyboard.press("Digit2");
  await expect(notice).toHaveText("Still missing: 3 critical actions, commission harm, response class, omission mechanism, reasoning.");
  await expect(omission(page)).not.toContainText("missing");
  await page.keyboard.press("Shift+Digit1");
  await page.getByRole("button", { name: "Action 2: miss" }).click();
  await expect(notice).toHaveText("Still missing: 2 critical actions, response class, omission mechanism, reasoning.");

  // The next refused submit goes to the first action left unmarked.
  await page.keyboard.press("Control+Enter");
  await expect(page.getByRole("button", { name: "Action 1: hit" })).toBeFocused();
  await expect(page.getByTestId("action-0")).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("h");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("p");
  await expect(notice).toHaveText("Still missing: response class, omission mechanism, reasoning.");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByLabel(/Response class/)).toBeFocused();
  await expect(page.getByLabel(/Response class/)).toHaveAttribute("aria-invalid", "true");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("x");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("r");
  await page.keyboard.type("Leaves out the pressure.");
  // Complete: the notice is gone before anything is sent.
  await expect(notice).toHaveCount(0);
  await page.keyboard.press("Control+Enter");
  await expect(page.getByTestId("last-outcome")).toHaveText(`Rating of ${first} saved.`);
  await expect(page.getByTestId("blind-code")).not.toHaveText(first ?? "");
  await expect(notice).toHaveCount(0);
});

test.describe("at 1440×900", () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test("the instrument stays in view while the rater reads the gold standard and the whole answer", async ({ page }) => {
    await page.goto(`/queues/${queues.sticky}`);
    await expect(page.getByTestId("answer-text")).toContainText("Paragraph 60:");
    await page.keyboard.press("g");
    await expect(page.getByText("Gold point 40:")).toBeVisible();
    await page.getByTestId("answer-text").evaluate((el) => el.scrollIntoView({ block: "end" }));
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(1500);

    const box = await page.getByTestId("instrument").boundingBox();
    expect(box).not.toBeNull();
    expect(box?.y).toBeGreaterThanOrEqual(0);
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(900);
    await expect(page.getByRole("button", { name: /Submit and next/ })).toBeInViewport();
    // Scored from down there, the form is still the one in view.
    await page.keyboard.press("Digit4");
    await expect(level(omission(page), 4)).toBeChecked();
    await expect(level(omission(page), 4)).toBeInViewport();
  });
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

  test("a compact bar leads to the form; the action buttons are named and large enough to tap", async ({ page }) => {
    await page.goto(`/queues/${queues.sticky}`);
    await expect(page.getByTestId("answer-text")).toContainText("Paragraph 60:");
    await page.keyboard.press("Digit1");
    const bar = page.getByTestId("compact-bar");
    await expect(bar).toBeInViewport();
    await expect(bar).toContainText("OH 1 · CH – · actions 0/3");
    await expect(page.getByTestId("instrument")).not.toBeInViewport();
    await bar.getByRole("button", { name: "To the rating form" }).tap();
    const firstAction = page.getByRole("button", { name: "Action 1: hit" });
    await expect(firstAction).toBeFocused();
    await expect(firstAction).toBeInViewport();

    // A refused submit, with the form far below: the bar says what is missing and the field takes the focus, in view.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.keyboard.press("Control+Enter");
    await expect(bar).toContainText("Still missing: 3 critical actions, commission harm");
    await expect(firstAction).toBeFocused();
    await expect(firstAction).toBeInViewport();

    for (const i of [1, 2, 3]) {
      for (const result of ["hit", "partial", "miss"]) {
        const box = await page.getByRole("button", { name: `Action ${i}: ${result}` }).boundingBox();
        expect(box?.width, `Action ${i}: ${result}`).toBeGreaterThanOrEqual(24);
        expect(box?.height, `Action ${i}: ${result}`).toBeGreaterThanOrEqual(24);
      }
    }
    for (const group of [omission(page), commission(page)]) {
      for (const label of await group.locator("label").all()) expect((await label.boundingBox())?.height).toBeGreaterThanOrEqual(24);
    }
    for (const name of ["Shortcuts (?)", "Codebook (b)", "To the rating form"]) {
      expect((await page.getByRole("button", { name }).boundingBox())?.height, name).toBeGreaterThanOrEqual(24);
    }
    expect(await seriousViolations(page)).toEqual([]);
  });
});

test("progress, the shortcut list, the switch that turns single keys off, and the codebook", async ({ page }) => {
  await page.goto(`/queues/${queues.orientation}`);
  await expect(page.getByTestId("answer-text")).toHaveText(/Orientation (one|two|three)\./);
  // The workspace counts what is left as the page's progress line does.
  const left = Number(/(\d+) left for you/.exec((await page.getByTestId("my-progress").textContent()) ?? "")?.[1]);
  expect(left).toBe(3);
  await expect(page.getByTestId("workspace-progress")).toHaveText(`${left} of 3 left for you`);

  // ? lists every shortcut; the form's keys rest while it is open.
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  for (const keys of ["0 – 4", "Shift + 0 – 3", "↑ / ↓ or k / j", "h / p / m", "c", "x", "r", "g", "b", "?", "s", "Ctrl + Enter (⌘ + Enter)"]) {
    await expect(help.getByRole("rowheader", { name: keys, exact: true })).toBeVisible();
  }
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press("Digit2");
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
  await expect(level(omission(page), 2)).not.toBeChecked();

  // b opens the codebook: every level of both scales, every response class and omission mechanism.
  await page.keyboard.press("b");
  const codebook = page.getByRole("dialog", { name: "Codebook" });
  await expect(codebook).toBeVisible();
  for (const [value, term] of OMISSION_HARM_LEVELS.entries()) await expect(codebook).toContainText(`${value} ${term.label}${term.definition}`);
  for (const [value, term] of COMMISSION_HARM_LEVELS.entries()) await expect(codebook).toContainText(`${value} ${term.label}${term.definition ?? "—"}`);
  for (const term of [...Object.values(RESPONSE_CLASSES), ...Object.values(OMISSION_MECHANISMS)]) await expect(codebook).toContainText(`${term.label}${term.definition}`);
  expect(await seriousViolations(page)).toEqual([]);
  await codebook.getByRole("button", { name: "Close" }).click();
  await expect(codebook).toBeHidden();

  // The switch turns single-key shortcuts off, and stays off after a reload; Ctrl+Enter still submits.
  const shortcuts = page.getByRole("checkbox", { name: "Single-key shortcuts" });
  await shortcuts.uncheck();
  await page.reload();
  await expect(page.getByTestId("answer-text")).toBeVisible();
  await expect(shortcuts).not.toBeChecked();
  for (const key of ["Digit2", "h", "?", "b", "s", "g"]) await page.keyboard.press(key);
  await numpad(page, 2);
  for (const value of [0, 1, 2, 3, 4]) await expect(level(omission(page), value)).not.toBeChecked();
  await expect(page.getByRole("button", { name: "Action 1: hit" })).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await page.keyboard.press("Control+Enter");
  await expect(page.getByTestId("notice")).toContainText("Still missing: 3 critical actions, omission harm");

  // Rated by clicks and Ctrl+Enter alone, the next answer shows one fewer left.
  await level(omission(page), 1).click();
  await level(commission(page), 0).click();
  for (const i of [1, 2, 3]) await page.getByRole("button", { name: `Action ${i}: hit` }).click();
  await page.getByLabel(/Response class/).selectOption("substantive");
  await page.getByLabel(/Omission mechanism/).selectOption("none");
  await page.getByLabel(/Reasoning/).fill("Covers every action.");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByTestId("last-outcome")).toContainText("saved");
  await expect(page.getByTestId("workspace-progress")).toHaveText(`${left - 1} of 3 left for you`);
  await expect(page.getByTestId("my-progress")).toContainText(`${left - 1} left for you`);
  await shortcuts.check();
  await page.keyboard.press("Digit3");
  await expect(level(omission(page), 3)).toBeChecked();
});
