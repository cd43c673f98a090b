// Gold items and test–retest in the browser: a researcher reads the Gold and
// retest page (agreement with gold and intra-rater tables), and an admin sets
// an answer's gold scores on its page, then clears them after a confirmation.
import { expect, test } from "@playwright/test";
import { answer, ndjson, scenario, score } from "../tests/fixtures/study";
import { seriousViolations } from "./support/axe";
import { adminStudy, rateEveryOffer } from "./support/study";
import { E2E_USERS, pageAs, signedInApi, type E2EAccount } from "./support/users";

let studyId = "";

/** The rating this spec gives every answer, with its OH. */
const ratingWith = (oh: number) => ({
  omission_harm: oh, commission_harm: 0, critical_action_results: ["hit", "hit", "miss"], response_class: "substantive", omission_mechanism: "none", reasoning: "Gold e2e.",
});

test.beforeAll(async ({ playwright }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL;
  const study = await adminStudy(playwright, baseURL, `Gold and retest e2e ${Date.now()}`);
  studyId = study.studyId;
  await study.post("scenarios", ndjson([scenario("G1")]));
  await study.post("responses", ndjson([answer("G1", "queue-model", 1), answer("G1", "queue-model", 2), answer("G1", "gold-model", 1), answer("G1", "unset-model", 1)]));
  await study.post("gold", ndjson([score("G1", "gold-model", 1, 3, 1)]));
  // Every gold answer first (rate 1), and each rating retested at once (share 1, no delay).
  const { id: queueId } = await study.post("queues", { name: "Gold e2e", raters: [E2E_USERS.rater.email, E2E_USERS.rater2.email], filter: { models: ["queue-model"] }, gold: { rate: 1 }, retest: { share: 1, minHours: 0 } });
  for (const [account, oh] of [["rater", 3], ["rater2", 0]] as [E2EAccount, number][]) {
    const rater = await signedInApi(playwright, baseURL, account);
    await rateEveryOffer(rater, queueId, ratingWith(oh));
    await rater.dispose();
  }
  await study.dispose();
});

test("the Gold and retest page shows agreement with gold and intra-rater agreement per physician", async ({ browser }) => {
  const page = await pageAs(browser, "researcher");
  await page.goto(`/studies/${studyId}/quality/gold`);
  await expect(page.getByRole("heading", { name: "Gold and retest", exact: true })).toBeVisible();
  const gold = page.getByRole("table", { name: "Agreement with gold" });
  // The first rater matched the gold OH 3; the second gave 0.
  const first = gold.getByRole("row").filter({ hasText: E2E_USERS.rater.email });
  await expect(first.getByRole("cell").nth(1)).toHaveText("1");
  await expect(first.getByRole("cell").nth(2)).toHaveText("1.000");
  const second = gold.getByRole("row").filter({ hasText: E2E_USERS.rater2.email });
  await expect(second.getByRole("cell").nth(2)).toHaveText("0.000");
  const retest = page.getByRole("table", { name: "Intra-rater agreement (test–retest)" });
  await expect(retest.getByRole("row").filter({ hasText: E2E_USERS.rater.email }).getByRole("cell").nth(1)).toHaveText("2");
  await expect(page.getByText("Defaults: κ quadratic (OH) below 0.6 after 5 gold items.")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.context().close();
});

test("an admin sets an answer's gold scores on its page, then clears them after a confirmation", async ({ browser }) => {
  const page = await pageAs(browser, "admin");
  await page.goto(`/studies/${studyId}/answers?model=unset-model`);
  await page.getByRole("link", { name: "unset-model" }).click();
  const form = page.getByRole("form", { name: "Gold scores" });
  await expect(form.getByRole("button", { name: "Set gold scores" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Clear gold scores" })).toHaveCount(0);

  // A result for one critical action only is refused beside the field, with the scores kept.
  await form.getByLabel("Omission harm").selectOption("2");
  await form.getByLabel("Commission harm").selectOption("1");
  await form.getByLabel(/^Critical action 1/).selectOption("hit");
  await form.getByRole("button", { name: "Set gold scores" }).click();
  await expect(form.getByText("Give a result for every critical action, or for none.")).toBeVisible();
  await form.getByLabel(/^Critical action 1/).selectOption("");
  await form.getByRole("button", { name: "Set gold scores" }).click();
  await expect(form.getByRole("status")).toHaveText("Gold scores set.");
  await page.reload();
  expect(await seriousViolations(page)).toEqual([]);
  await expect(form.getByLabel("Omission harm")).toHaveValue("2");
  await expect(form.getByLabel("Commission harm")).toHaveValue("1");

  // Cancel keeps them; confirming clears them.
  await page.getByRole("button", { name: "Clear gold scores" }).click();
  const dialog = page.getByRole("dialog", { name: "Clear this answer's gold scores?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await page.reload();
  await expect(form.getByLabel("Omission harm")).toHaveValue("2");
  await page.getByRole("button", { name: "Clear gold scores" }).click();
  await dialog.getByRole("button", { name: "Clear gold scores" }).click();
  await expect(page.getByText("Gold scores cleared.")).toBeVisible();
  await page.reload();
  await expect(form.getByRole("button", { name: "Set gold scores" })).toBeVisible();
  await expect(form.getByLabel("Omission harm")).toHaveValue("");
  await page.context().close();
});

test("an admin asks for gold items and retests in the queue form, which refuses a share above 100% beside its field", async ({ browser, playwright }, testInfo) => {
  const adminPage = await pageAs(browser, "admin");
  await adminPage.goto(`/studies/${studyId}/queues`);
  const name = `Gold form ${Date.now()}`;
  await adminPage.getByLabel("Queue name").fill(name);
  await adminPage.getByLabel(new RegExp(E2E_USERS.rater.email)).check();
  await adminPage.getByLabel(new RegExp(E2E_USERS.rater2.email)).check();
  await adminPage.getByLabel(/^Gold items/).fill("200");
  await adminPage.getByLabel(/^Retest share/).fill("5");
  await adminPage.getByLabel(/^Retest no sooner than/).fill("48");
  await adminPage.getByRole("button", { name: "Build queue" }).click();
  await expect(adminPage.getByText("The gold rate must be at most 100% (1).")).toBeVisible();
  await adminPage.getByLabel(/^Gold items/).fill("10");
  await adminPage.getByRole("button", { name: "Build queue" }).click();
  await expect(adminPage.getByText(`Queue "${name}" created with`)).toBeVisible();

  // The settings stored are the fractions the API takes: the audit entry of the build says them.
  const admin = await signedInApi(playwright, testInfo.project.use.baseURL, "admin");
  const audit = await admin.get(`/api/v1/audit?format=ndjson&action=queue.create&study=${studyId}`);
  const entries = (await audit.text()).trim().split("\n").map((line) => JSON.parse(line) as { data: { name: string; gold: unknown; retest: unknown } });
  expect(entries.find((e) => e.data.name === name)?.data).toMatchObject({ gold: { rate: 0.1 }, retest: { share: 0.05, minHours: 48 } });
  await admin.dispose();
  await adminPage.context().close();
});
