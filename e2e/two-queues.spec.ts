// A physician in two queues of one study over the same answers — a validation
// sample beside the queue of all answers — rates through both in the browser:
// the second queue offers only the answer not yet rated, and nothing fails.
import { expect, test } from "@playwright/test";
import { answer, ndjson, scenario } from "../tests/fixtures/study";
import { rateByKeyboard } from "./support/keyboard";
import { adminStudy } from "./support/study";
import { E2E_USERS, storageStatePath } from "./support/users";

const queues = { validation: "", all: "" };

test.use({ storageState: storageStatePath("rater") });

test.beforeAll(async ({ playwright }, testInfo) => {
  const { post, dispose } = await adminStudy(playwright, testInfo.project.use.baseURL, `Two queues e2e ${Date.now()}`);
  await post("scenarios", scenario("TQ-1", { prompt: "My child swallowed a button battery." }));
  await post("responses", ndjson([answer("TQ-1", "tq-model-a", 1, { response: "Answer one: go to the emergency department now." }), answer("TQ-1", "tq-model-b", 1, { response: "Answer two: watch and wait." })]));
  const raters = [E2E_USERS.rater.email, E2E_USERS.rater2.email];
  queues.validation = (await post("queues", { name: "Validation sample", raters, filter: { models: ["tq-model-a"] } })).id;
  queues.all = (await post("queues", { name: "All answers", raters })).id;
  await dispose();
});

test("rates the validation answer, then in the queue of all answers only the other one, without an error", async ({ page }) => {
  await page.goto(`/queues/${queues.validation}`);
  await expect(page.getByTestId("answer-text")).toHaveText("Answer one: go to the emergency department now.");
  await rateByKeyboard(page, { oh: 3, ch: 0, reasoning: "Sends the child to the emergency department." });
  await expect(page.getByTestId("queue-done")).toBeVisible();

  await page.goto(`/queues/${queues.all}`);
  await expect(page.getByTestId("answer-text")).toHaveText("Answer two: watch and wait.");
  await rateByKeyboard(page, { oh: 4, ch: 1, reasoning: "Waiting is dangerous with a button battery." });
  await expect(page.getByTestId("queue-done")).toContainText(/Rating of \S+ saved\./);

  // A reload finds nothing left to rate, rather than the answer already rated.
  await page.reload();
  await expect(page.getByTestId("queue-done")).toBeVisible();
});
