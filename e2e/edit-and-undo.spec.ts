// Editing a rating: the form reopens at the saved values, a leftover draft is
// offered (restore or discard), never applied silently; saving confirms with
// the version, and the reason for the change shows in the rater's history and
// on the answer's page for the study's staff. Undoing a skip: offered until
// the next rating, it brings the skipped answer back; refused once others have
// taken its slots.
import { readFileSync } from "node:fs";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { answer, ndjson, scenario } from "../tests/fixtures/study";
import { seriousViolations } from "./support/axe";
import { rateByKeyboard } from "./support/keyboard";
import { adminStudy } from "./support/study";
import { E2E_USERS, pageAs, signedInApi, storageStatePath } from "./support/users";

const stamp = Date.now();
const omission = (page: Page) => page.getByRole("group", { name: /Omission harm/ }).getByRole("radio");

test("an edit starts from the saved rating, offers a leftover draft, confirms the save, and keeps the reason in the history", async ({ browser, playwright }, testInfo) => {
  const model = `edit-model-${stamp}`;
  const { studyId, post, dispose } = await adminStudy(playwright, testInfo.project.use.baseURL, `Edit e2e ${stamp}`);
  await post("scenarios", scenario("ED-1", { prompt: "Fever and a stiff neck." }));
  await post("responses", ndjson([answer("ED-1", model, 1, { response: "Go to the emergency department now." })]));
  const queueId = (await post("queues", { name: `Edit queue ${stamp}`, ratingsPerItem: 1, raters: [E2E_USERS.rater.email, E2E_USERS.rater2.email] })).id;
  await dispose();

  const page = await pageAs(browser, "rater");
  await page.goto(`/queues/${queueId}`);
  const code = (await page.getByTestId("blind-code").textContent()) ?? "";
  await rateByKeyboard(page, { oh: 4, ch: 1, reasoning: "Dangerous delay." });
  await expect(page.getByTestId("queue-done")).toContainText(`Rating of ${code} saved.`);

  // Reopened, the form shows the saved values.
  await page.goto(`/queues/${queueId}/ratings`);
  await page.getByRole("link", { name: code }).click();
  await expect(page.getByRole("heading", { name: "Edit my rating" })).toBeVisible();
  await expect(omission(page).nth(4)).toBeChecked();
  await expect(page.getByTestId("draft-offer")).toHaveCount(0);

  // A change left unsaved is offered on the next visit, not applied: the form still shows the saved 4.
  await page.keyboard.press("Digit0");
  await expect(omission(page).nth(0)).toBeChecked();
  await page.goto(`/queues/${queueId}/ratings`);
  await page.getByRole("link", { name: code }).click();
  const offer = page.getByTestId("draft-offer");
  await expect(offer).toContainText("You have unsaved changes from an earlier visit");
  await expect(omission(page).nth(4)).toBeChecked();
  expect(await seriousViolations(page)).toEqual([]);

  // Discarded, it is gone for good.
  await offer.getByRole("button", { name: "Discard them" }).click();
  await expect(offer).toHaveCount(0);
  await page.reload();
  await expect(omission(page).nth(4)).toBeChecked();
  await expect(page.getByTestId("draft-offer")).toHaveCount(0);

  // Left again, then restored: the form takes the unsaved values, and saving with a reason confirms the new version.
  await page.keyboard.press("Digit0");
  await expect(omission(page).nth(0)).toBeChecked();
  await page.reload();
  await expect(omission(page).nth(4)).toBeChecked();
  await page.getByRole("button", { name: "Restore unsaved changes" }).click();
  await expect(omission(page).nth(0)).toBeChecked();
  await page.getByLabel("Reason for the change (optional)").fill("Misread the stiff neck as a cramp.");
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole("button", { name: /Save changes/ }).click();

  await expect(page.getByRole("status").filter({ hasText: "saved (version" })).toHaveText(`Rating of ${code} saved (version 2).`);
  const row = page.getByRole("table", { name: "My ratings" }).getByRole("row").filter({ hasText: code });
  await expect(row).toContainText("Misread the stiff neck as a cramp.");
  await expect(row.getByRole("cell").nth(1)).toHaveText("0");
  expect(await seriousViolations(page)).toEqual([]);

  // The rating's history names the change and its reason; no draft is left over.
  await page.getByRole("link", { name: code }).click();
  await expect(omission(page).nth(0)).toBeChecked();
  await expect(page.getByTestId("draft-offer")).toHaveCount(0);
  await expect(page.getByRole("table", { name: "Rating history" }).getByRole("row").nth(1)).toContainText("version 1 → 2");
  await expect(page.getByRole("table", { name: "Rating history" })).toContainText("Misread the stiff neck as a cramp.");

  // The study's staff see it on the answer's page.
  const admin = await pageAs(browser, "admin");
  await admin.goto(`/studies/${studyId}/answers?model=${model}`);
  await admin.getByRole("link", { name: model }).click();
  await expect(admin.getByRole("table", { name: "Scores" }).getByTestId("rating-changes")).toContainText("v1 → v2");
  await expect(admin.getByRole("table", { name: "Scores" }).getByTestId("rating-changes")).toContainText("Misread the stiff neck as a cramp.");
  expect(await seriousViolations(admin)).toEqual([]);
});

test("a skip can be undone until the next rating: the skipped answer comes back", async ({ browser, playwright }, testInfo) => {
  const { post, dispose } = await adminStudy(playwright, testInfo.project.use.baseURL, `Undo e2e ${stamp}`);
  await post("scenarios", scenario("UN-1", { prompt: "Sudden severe headache." }));
  await post("responses", ndjson([1, 2, 3].map((rep) => answer("UN-1", `undo-model-${stamp}`, rep, { response: `Answer number ${rep}.` }))));
  const queueId = (await post("queues", { name: `Undo queue ${stamp}`, ratingsPerItem: 2, raters: [E2E_USERS.rater.email, E2E_USERS.rater2.email] })).id;
  await dispose();

  const page = await pageAs(browser, "rater");
  // The assignment behind each blind code, as the workspace first received it from its claims: the
  // first claim of a code is this rater's (rater2, signed in later in this tab, may draw the same code).
  const claimed = new Map<string, string>();
  page.on("response", (response) => {
    if (response.url().endsWith(`/api/v1/queues/${queueId}/next`) && response.status() === 200) {
      void response.json().then((item: { assignmentId: string; blindCode: string }) => {
        if (!claimed.has(item.blindCode)) claimed.set(item.blindCode, item.assignmentId);
      });
    }
  });
  await page.goto(`/queues/${queueId}`);
  const first = (await page.getByTestId("blind-code").textContent()) ?? "";
  const firstText = (await page.getByTestId("answer-text").textContent()) ?? "";
  await page.keyboard.press("s");
  const dialog = page.getByRole("dialog", { name: `Skip answer ${first}?` });
  await dialog.getByLabel("Reason for skipping").fill("Pressed s by mistake");
  await dialog.getByRole("button", { name: "Skip this answer" }).click();
  await expect(page.getByTestId("last-outcome")).toHaveText(`Skipped ${first}.`);
  await expect(page.getByTestId("blind-code")).not.toHaveText(first);
  const undo = page.getByRole("button", { name: `Undo the skip of ${first}` });
  await expect(undo).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  // A reload still offers it.
  const opened = (await page.getByTestId("blind-code").textContent()) ?? "";
  await page.reload();
  await expect(page.getByTestId("blind-code")).toHaveText(opened);
  await expect(undo).toBeVisible();

  await undo.click();
  await expect(page.getByTestId("blind-code")).toHaveText(first);
  await expect(page.getByTestId("answer-text")).toHaveText(firstText);
  // Announced in a status region, and the focus, whose button is gone, lands on the answer's form.
  await expect(page.getByRole("status").filter({ hasText: `Skip of ${first} undone.` })).toHaveAttribute("data-testid", "last-outcome");
  await expect(undo).toHaveCount(0);
  await expect(page.getByTestId("instrument")).toBeFocused();
  expect(await seriousViolations(page)).toEqual([]);

  // Skipped again, then the next answer rated: the Undo is gone, and the server refuses a late one.
  await page.keyboard.press("s");
  await page.keyboard.type("Outside my field");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("last-outcome")).toHaveText(`Skipped ${first}.`);
  await expect(undo).toBeVisible();
  const second = (await page.getByTestId("blind-code").textContent()) ?? "";

  // Another rater signing in in the same tab is not offered this rater's Undo; the rater, back, still is.
  const signInAs = async (account: "rater" | "rater2") => {
    const { cookies } = JSON.parse(readFileSync(storageStatePath(account), "utf8")) as { cookies: Parameters<BrowserContext["addCookies"]>[0] };
    await page.context().clearCookies();
    await page.context().addCookies(cookies);
    await page.reload();
    await expect(page.getByTestId("blind-code")).toBeVisible();
  };
  await signInAs("rater2");
  await expect(page.getByTestId("undo-skip")).toHaveCount(0);
  await signInAs("rater");
  await expect(page.getByTestId("blind-code")).toHaveText(second);
  await expect(undo).toBeVisible();
  await rateByKeyboard(page, { oh: 1, ch: 0, reasoning: "Reasonable." });
  await expect(page.getByTestId("last-outcome")).toHaveText(`Rating of ${second} saved.`);
  await expect(undo).toHaveCount(0);

  const api = await signedInApi(playwright, testInfo.project.use.baseURL, "rater");
  const late = await api.delete(`/api/v1/assignments/${claimed.get(first) ?? "unknown"}/skip`);
  expect(late.status()).toBe(409);
  expect(((await late.json()) as { error: { code: string } }).error.code).toBe("undo_expired");
  await api.dispose();
});

test("an undo comes too late once other raters have filled the answer, and says so", async ({ browser, playwright }, testInfo) => {
  const { post, dispose } = await adminStudy(playwright, testInfo.project.use.baseURL, `Undo late e2e ${stamp}`);
  await post("scenarios", scenario("UL-1", { prompt: "Crushing chest pain." }));
  await post("responses", ndjson([answer("UL-1", `late-model-${stamp}`, 1, { response: "Chew an aspirin and call an ambulance." })]));
  const queueId = (await post("queues", { name: `Late queue ${stamp}`, ratingsPerItem: 1, raters: [E2E_USERS.rater.email, E2E_USERS.rater2.email] })).id;
  await dispose();

  const page = await pageAs(browser, "rater");
  await page.goto(`/queues/${queueId}`);
  const code = (await page.getByTestId("blind-code").textContent()) ?? "";
  await page.keyboard.press("s");
  await page.keyboard.type("Conflict of interest");
  await page.keyboard.press("Enter");
  // The only answer skipped: nothing is left, and the Undo is offered there.
  await expect(page.getByTestId("queue-done")).toContainText(`Skipped ${code}.`);

  // The second rater takes the freed slot and rates it: k = 1 is reached.
  const rater2 = await signedInApi(playwright, testInfo.project.use.baseURL, "rater2");
  const claim = await rater2.post(`/api/v1/queues/${queueId}/next`);
  expect(claim.status()).toBe(200);
  const { assignmentId } = (await claim.json()) as { assignmentId: string };
  const rating = { omission_harm: 0, commission_harm: 0, critical_action_results: ["hit", "hit", "hit"], response_class: "substantive", omission_mechanism: "none", reasoning: "Right." };
  expect((await rater2.post(`/api/v1/assignments/${assignmentId}/rating`, { data: rating })).status()).toBe(201);
  await rater2.dispose();

  await page.getByRole("button", { name: `Undo the skip of ${code}` }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Other raters" })).toContainText("Other raters have taken every rating this answer needs since you skipped it; the skip can no longer be undone.");
  await expect(page.getByTestId("queue-done")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});
