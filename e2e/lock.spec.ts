// An admin locks a study in the browser, through the confirmation that asks
// why; the study's pages show the lock and its snapshot, and a rater's My
// queues and workspace say the study is locked instead of offering work. A
// rating sent while locked keeps its draft; unlocking restores the work.
import { expect, test, type Page } from "@playwright/test";
import { answer, ndjson, scenario } from "../tests/fixtures/study";
import { seriousViolations } from "./support/axe";
import { rateByKeyboard } from "./support/keyboard";
import { adminStudy } from "./support/study";
import { E2E_USERS, pageAs } from "./support/users";

let studyId = "";
let queueId = "";

test.beforeAll(async ({ playwright }, testInfo) => {
  const created = await adminStudy(playwright, testInfo.project.use.baseURL, `Lock e2e ${Date.now()}`);
  studyId = created.studyId;
  const { post, dispose } = created;
  await post("scenarios", scenario("LK-1", { prompt: "Crushing chest pain for an hour." }));
  await post("responses", ndjson([1, 2, 3].map((rep) => answer("LK-1", "lk-model", rep, { response: `Lock answer ${rep}: call an ambulance.` }))));
  queueId = (await post("queues", { name: "Lock queue", raters: [E2E_USERS.rater.email, E2E_USERS.rater2.email] })).id;
  await dispose();
});

async function lockOrUnlock(page: Page, button: string, title: string, reason: string, confirm: string) {
  await page.getByRole("button", { name: button }).click();
  const dialog = page.getByRole("dialog", { name: title });
  await expect(dialog).toBeVisible();
  // Focus starts on Cancel: Enter alone never confirms.
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await dialog.getByLabel("Reason").fill(reason);
  expect(await seriousViolations(page)).toEqual([]);
  await dialog.getByRole("button", { name: confirm }).click();
  await expect(dialog).toBeHidden();
}

test("an admin locks the study through the confirmation; raters are told it is locked; a refused rating keeps its draft; unlocking restores the work", async ({ browser }) => {
  // Four sessions and two confirmations: more steps than the default allows on a loaded machine.
  test.setTimeout(90_000);
  // The rater has an answer open when the study gets locked.
  const rater = await pageAs(browser, "rater");
  await rater.goto(`/queues/${queueId}`);
  await expect(rater.getByTestId("answer-text")).toContainText("call an ambulance");

  const admin = await pageAs(browser, "admin");
  await admin.goto(`/studies/${studyId}`);
  await expect(admin.getByTestId("study-lock-banner")).toHaveCount(0);
  // Cancel locks nothing.
  await admin.getByRole("button", { name: "Lock study" }).click();
  await admin.getByRole("dialog", { name: "Lock this study?" }).getByRole("button", { name: "Cancel" }).click();
  await expect(admin.getByRole("button", { name: "Lock study" })).toBeVisible();
  await lockOrUnlock(admin, "Lock study", "Lock this study?", "Frozen for the e2e paper", "Lock and take snapshot");
  await expect(admin.getByText("The study is locked; its analysis snapshot is stored.")).toBeVisible();
  await expect(admin.getByTestId("study-lock-banner")).toContainText(`Locked by ${E2E_USERS.admin.name}`);
  await expect(admin.getByTestId("study-lock-banner")).toContainText("Frozen for the e2e paper");
  await expect(admin.getByTestId("snapshot")).toHaveCount(1);
  await expect(admin.getByTestId("snapshot-sha")).toHaveText(/^[0-9a-f]{64}$/);
  await expect(admin.getByRole("link", { name: "ratings.csv" })).toHaveAttribute("href", /\/snapshots\/[0-9a-f-]+\/ratings\.csv$/);
  // Every page of the study shows the lock.
  await admin.goto(`/studies/${studyId}/results`);
  await expect(admin.getByTestId("study-lock-banner")).toContainText(`Locked by ${E2E_USERS.admin.name}`);

  // The open answer cannot be sent: the message says locked, and the draft stays.
  await rateByKeyboard(rater, { oh: 2, ch: 1, reasoning: "Sent while the study is locked." });
  await expect(rater.getByTestId("notice")).toContainText(`locked by ${E2E_USERS.admin.name}`);
  await expect(rater.getByRole("textbox", { name: "Reasoning (r)" })).toHaveValue("Sent while the study is locked.");
  // My queues and the workspace say the study is locked instead of offering work.
  const other = await pageAs(browser, "rater2");
  await other.goto("/queues");
  await expect(other.getByRole("listitem").filter({ hasText: "Lock queue" }).getByTestId("study-locked")).toContainText(`This study is locked by ${E2E_USERS.admin.name}`);
  expect(await seriousViolations(other)).toEqual([]);
  await other.goto(`/queues/${queueId}`);
  await expect(other.getByTestId("study-locked")).toBeVisible();
  await expect(other.getByTestId("answer-text")).toHaveCount(0);

  // Unlocked, the draft goes through and work is offered again.
  await admin.goto(`/studies/${studyId}`);
  await lockOrUnlock(admin, "Unlock study", "Unlock this study?", "More ratings for the e2e paper", "Unlock");
  await expect(admin.getByText("The study is open again; its snapshots stay.")).toBeVisible();
  await expect(admin.getByTestId("study-lock-banner")).toHaveCount(0);
  await expect(admin.getByTestId("snapshot")).toHaveCount(1);

  await rater.getByRole("button", { name: /Submit and next/ }).click();
  await expect(rater.getByTestId("last-outcome")).toContainText(/Rating of \S+ saved\./);
  await other.goto("/queues");
  await expect(other.getByTestId("study-locked")).toHaveCount(0);
  await other.goto(`/queues/${queueId}`);
  await expect(other.getByTestId("answer-text")).toContainText("call an ambulance");
});
