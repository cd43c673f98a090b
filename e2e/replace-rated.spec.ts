// An admin re-imports answers in the browser, one of which two physicians
// have rated: the server refuses, a confirmation names how many answers and
// ratings are affected, and confirming replaces the answer; its page then
// shows both versions of its text.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { answer, ndjson, scenario } from "../tests/fixtures/study";
import { E2E_USERS, signedInApi, storageStatePath, type E2EAccount } from "./support/users";

let studyId = "";
const FIRST = answer("V1", "versioned-model", 1, { response: "The first text of the versioned answer." });
const OTHER = answer("V1", "other-model", 1);
const SECOND = { ...FIRST, response: "The corrected, second text of the versioned answer." };

/** Rates every item the rater is offered in the queue. */
async function rateAll(request: APIRequestContext, queueId: string) {
  for (;;) {
    const claim = await request.post(`/api/v1/queues/${queueId}/next`);
    if (claim.status() === 204) return;
    const { assignmentId } = (await claim.json()) as { assignmentId: string };
    const rated = await request.post(`/api/v1/assignments/${assignmentId}/rating`, {
      data: { omission_harm: 1, commission_harm: 0, critical_action_results: ["hit", "hit", "miss"], response_class: "substantive", omission_mechanism: "none", reasoning: "Versioned." },
    });
    expect(rated.status()).toBe(201);
  }
}

test.beforeAll(async ({ playwright }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL;
  const admin = await signedInApi(playwright, baseURL, "admin");
  studyId = ((await (await admin.post("/api/v1/studies", { data: { name: `Replace rated e2e ${Date.now()}` } })).json()) as { id: string }).id;
  const post = (kind: string, body: string) => admin.post(`/api/v1/studies/${studyId}/${kind}`, { headers: { "content-type": "application/x-ndjson" }, data: body });
  expect((await post("scenarios", ndjson([scenario("V1")]))).status()).toBe(200);
  expect((await post("responses", ndjson([FIRST]))).status()).toBe(200);
  const queue = await admin.post(`/api/v1/studies/${studyId}/queues`, { data: { name: "Versions", raters: [E2E_USERS.rater.email, E2E_USERS.rater2.email] } });
  const queueId = ((await queue.json()) as { id: string }).id;
  for (const account of ["rater", "rater2"] as E2EAccount[]) {
    const rater = await signedInApi(playwright, baseURL, account);
    await rateAll(rater, queueId);
    await rater.dispose();
  }
  // An answer with no rating, imported after the queue: it is replaced with no question asked.
  expect((await post("responses", ndjson([OTHER]))).status()).toBe(200);
  await admin.dispose();
});

test.use({ storageState: storageStatePath("admin") });

test("replacing a rated answer asks first, naming the count; confirming replaces it and its page shows both versions", async ({ page }) => {
  await page.goto(`/studies/${studyId}/import`);
  await page.getByLabel("What to import").selectOption("responses");
  await page.getByLabel("Replace stored rows that differ").check();
  const file = { name: "answers.ndjson", mimeType: "application/x-ndjson", buffer: Buffer.from(ndjson([SECOND, { ...OTHER, response: "Other, changed." }])) };
  await page.getByLabel("Files to import").setInputFiles([file]);
  await page.getByRole("button", { name: "Import", exact: true }).click();

  const dialog = page.getByRole("dialog", { name: "Replace rated answers?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("rated-answers-count")).toHaveText("1 answer with 2 ratings would get a new text.");
  // Focus starts on Cancel, so Enter alone never replaces.
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await expect(page.getByTestId("import-outcome")).toContainText("would replace 1 answer that has 2 ratings; nothing was imported");

  // Cancelling leaves everything as it was.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await page.goto(`/studies/${studyId}/answers?model=versioned-model`);
  await page.getByRole("link", { name: "versioned-model" }).click();
  await expect(page.getByTestId("answer-text")).toHaveText(FIRST.response);
  await expect(page.getByRole("heading", { name: /^Versions/ })).toHaveCount(0);

  await page.goto(`/studies/${studyId}/import`);
  await page.getByLabel("What to import").selectOption("responses");
  await page.getByLabel("Replace stored rows that differ").check();
  await page.getByLabel("Files to import").setInputFiles([file]);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await dialog.getByRole("button", { name: "Replace rated answers" }).click();
  await expect(page.getByTestId("import-outcome")).toHaveText("Imported: 0 created, 0 unchanged, 2 replaced.");
  await expect(dialog).toBeHidden();

  await page.goto(`/studies/${studyId}/answers?model=versioned-model`);
  await page.getByRole("link", { name: "versioned-model" }).click();
  await expect(page.getByTestId("answer-text")).toHaveText(SECOND.response);
  const versions = page.getByRole("region", { name: "Versions (2)" });
  await expect(versions.getByRole("row")).toHaveCount(3);
  await expect(versions.getByTestId("answer-version-2")).toHaveText("2 (current)");
  await expect(versions.getByTestId("answer-version-1")).toHaveText("1 (earlier)");
  await expect(versions.getByRole("row").nth(1)).toContainText(SECOND.response);
  await expect(versions.getByRole("row").nth(1)).toContainText(E2E_USERS.admin.email);
  await expect(versions.getByRole("row").nth(2)).toContainText(FIRST.response);
  // Both ratings were given to the first text.
  await expect(page.getByRole("table", { name: "Scores" }).getByRole("cell", { name: "1 (earlier)", exact: true })).toHaveCount(2);

  // The results leave the earlier version's pair out until the filter brings it back.
  await page.goto(`/studies/${studyId}/results`);
  await expect(page.getByTestId("Omission harm agreement n")).toHaveText("0");
  await page.getByLabel("Ratings of replaced texts").selectOption("include");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/earlierVersions=include/);
  await expect(page.getByTestId("Omission harm agreement n")).toHaveText("1");
});
