// A k = 2 queue of two physicians: one skips an answer (after a confirmation
// that asks the reason, driven by keys), both finish, and the answer stays
// short of k. The admin sees why on the queue page, adds a third physician
// there, and the third physician completes exactly that answer in the browser.
import { expect, test } from "@playwright/test";
import { answer, ndjson, scenario } from "../tests/fixtures/study";
import { seriousViolations } from "./support/axe";
import { rateByKeyboard } from "./support/keyboard";
import { adminStudy } from "./support/study";
import { E2E_USERS, pageAs, signedInApi } from "./support/users";

let studyId = "";
let queueId = "";
const queueName = `Pool e2e ${Date.now()}`;

test.beforeAll(async ({ playwright }, testInfo) => {
  const created = await adminStudy(playwright, testInfo.project.use.baseURL, `Pools e2e ${Date.now()}`);
  studyId = created.studyId;
  const { post, dispose } = created;
  await post("scenarios", scenario("PL-1", { prompt: "Chest pain radiating to the left arm." }));
  await post("responses", ndjson([answer("PL-1", "pl-model-a", 1, { response: "Call an ambulance now." }), answer("PL-1", "pl-model-b", 1, { response: "Rest and see." })]));
  queueId = (await post("queues", { name: queueName, ratingsPerItem: 2, raters: [E2E_USERS.rater.email, E2E_USERS.rater2.email] })).id;
  await dispose();
});

test("a skipped answer no one left could rate is completed by a rater the admin adds on the queue page", async ({ browser, playwright }, testInfo) => {
  // Rater 1 skips the first answer offered, by keys, after the confirmation.
  const rater = await pageAs(browser, "rater");
  await rater.goto(`/queues/${queueId}`);
  const skipped = (await rater.getByTestId("blind-code").textContent()) ?? "";
  expect(skipped).not.toBe("");
  await rater.keyboard.press("s");
  const dialog = rater.getByRole("dialog", { name: `Skip answer ${skipped}?` });
  await expect(dialog).toBeVisible();
  const reason = dialog.getByLabel("Reason for skipping");
  await expect(reason).toBeFocused();
  expect(await seriousViolations(rater)).toEqual([]);
  // Escape cancels: nothing is skipped, and the form's keys work again.
  await rater.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(rater.getByTestId("blind-code")).toHaveText(skipped);
  await rater.keyboard.press("Digit2");
  await expect(rater.getByRole("radio").nth(2)).toBeChecked();
  // While the dialog is open, keys go to the reason, not to the rating behind it.
  await rater.keyboard.press("s");
  await expect(reason).toBeFocused();
  await rater.keyboard.type("3 I know this patient");
  await expect(rater.getByRole("radio").nth(3)).not.toBeChecked();
  await rater.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(rater.getByTestId("last-outcome")).toHaveText(`Skipped ${skipped}.`);
  await expect(rater.getByTestId("blind-code")).not.toHaveText(skipped);
  await rateByKeyboard(rater, { oh: 1, ch: 0, reasoning: "Adequate." });
  await expect(rater.getByTestId("queue-done")).toBeVisible();
  await expect(rater.getByTestId("my-progress")).toHaveText("1 rated, 1 skipped · nothing left for you · 2 answers in the queue");

  // Rater 2 rates both answers.
  const rater2 = await signedInApi(playwright, testInfo.project.use.baseURL, "rater2");
  for (let i = 0; i < 2; i++) {
    const claim = await rater2.post(`/api/v1/queues/${queueId}/next`);
    expect(claim.status()).toBe(200);
    const { assignmentId } = (await claim.json()) as { assignmentId: string };
    const rating = { omission_harm: 1, commission_harm: 0, critical_action_results: ["hit", "hit", "miss"], response_class: "substantive", omission_mechanism: "none", reasoning: "Fine." };
    expect((await rater2.post(`/api/v1/assignments/${assignmentId}/rating`, { data: rating })).status()).toBe(201);
  }
  expect((await rater2.post(`/api/v1/queues/${queueId}/next`)).status()).toBe(204);
  await rater2.dispose();

  // The admin sees the answer short of k and why, and adds rater 3.
  const admin = await pageAs(browser, "admin");
  await admin.goto(`/studies/${studyId}/queues/${queueId}`);
  const short = admin.getByRole("table", { name: "Answers short of the ratings asked" });
  const row = short.getByRole("row").filter({ hasText: skipped });
  await expect(row).toContainText("No eligible rater left");
  await expect(row).toContainText(`Skipped by ${E2E_USERS.rater.name} (${E2E_USERS.rater.email}): “3 I know this patient”`);
  expect(await seriousViolations(admin)).toEqual([]);
  await admin.getByLabel("Rater to add").selectOption(E2E_USERS.rater3.email);
  await admin.getByRole("button", { name: "Add rater" }).click();
  await expect(admin.getByText(`${E2E_USERS.rater3.name} (${E2E_USERS.rater3.email}) joined the pool.`)).toBeVisible();
  await expect(row).toContainText("Waiting");
  await expect(admin.getByRole("table", { name: "Raters" })).toContainText(E2E_USERS.rater3.name);

  // Rater 3 finds the queue on My queues with one answer left, and completes exactly the skipped one.
  const rater3 = await pageAs(browser, "rater3");
  await rater3.goto("/queues");
  const line = rater3.getByRole("listitem").filter({ hasText: queueName });
  await expect(line.getByTestId("my-progress")).toHaveText("0 rated, 0 skipped · 1 left for you · 2 answers in the queue");
  await line.getByRole("link", { name: queueName }).click();
  await expect(rater3.getByTestId("blind-code")).toHaveText(skipped);
  await rateByKeyboard(rater3, { oh: 2, ch: 0, reasoning: "Misses the emergency." });
  await expect(rater3.getByTestId("queue-done")).toBeVisible();
  await expect(rater3.getByTestId("my-progress")).toHaveText("1 rated, 0 skipped · nothing left for you · 2 answers in the queue");

  await admin.reload();
  await expect(admin.getByText("Every answer has the ratings asked.")).toBeVisible();
  await expect(admin.getByRole("table", { name: "Answers by ratings received" }).getByRole("row").filter({ hasText: "2 (complete)" })).toContainText("2");

  // Removing rater 3 asks first; their rating stays.
  await admin.getByRole("button", { name: `Remove ${E2E_USERS.rater3.name}` }).click();
  const confirm = admin.getByRole("dialog", { name: `Remove ${E2E_USERS.rater3.name} from the pool?` });
  await expect(confirm).toContainText("Their 1 rating stays");
  await confirm.getByRole("button", { name: "Remove from the pool" }).click();
  await expect(admin.getByRole("table", { name: "Raters" }).getByRole("row").filter({ hasText: E2E_USERS.rater3.name })).toContainText("removed from the pool");
});
