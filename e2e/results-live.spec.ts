// A researcher watches the results page while physicians rate elsewhere: the
// figures change on the open page, without a reload; while nothing changes,
// each poll is answered 304 and the page keeps what it shows.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { answer, ndjson, scenario } from "../tests/fixtures/study";
import { E2E_USERS, signedInApi, storageStatePath, type E2EAccount } from "./support/users";

let studyId = "";
let queueId = "";

test.beforeAll(async ({ playwright }, testInfo) => {
  const admin = await signedInApi(playwright, testInfo.project.use.baseURL, "admin");
  studyId = ((await (await admin.post("/api/v1/studies", { data: { name: `Live results e2e ${Date.now()}` } })).json()) as { id: string }).id;
  const post = (kind: string, body: string) => admin.post(`/api/v1/studies/${studyId}/${kind}`, { headers: { "content-type": "application/x-ndjson" }, data: body });
  expect((await post("scenarios", ndjson([scenario("L1")]))).status()).toBe(200);
  expect((await post("responses", ndjson([answer("L1", "live-model", 1)]))).status()).toBe(200);
  const queue = await admin.post(`/api/v1/studies/${studyId}/queues`, { data: { name: "Live", raters: [E2E_USERS.rater.email, E2E_USERS.rater2.email] } });
  queueId = ((await queue.json()) as { id: string }).id;
  await admin.dispose();
});

async function rateTheAnswer(request: APIRequestContext, oh: number) {
  const claim = (await (await request.post(`/api/v1/queues/${queueId}/next`)).json()) as { assignmentId: string };
  const rated = await request.post(`/api/v1/assignments/${claim.assignmentId}/rating`, {
    data: { omission_harm: oh, commission_harm: 0, critical_action_results: ["hit", "hit", "miss"], response_class: "substantive", omission_mechanism: "none", reasoning: "Live." },
  });
  expect(rated.status()).toBe(201);
}

test.use({ storageState: storageStatePath("researcher") });

test("a rating submitted elsewhere shows on the open results page without a reload", async ({ page, playwright, baseURL }) => {
  await page.goto(`/studies/${studyId}/results`);
  await expect(page.getByTestId("double-rated")).toHaveText("0");
  await expect(page.getByTestId("Omission harm agreement n")).toHaveText("0");
  await expect(page.getByTestId("Omission harm agreement exact")).toHaveText("—");
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  // Nothing has changed since the page was made: a poll sends the figures' tag back and is told "304 Not Modified".
  const unchanged = await page.waitForResponse((r) => r.url().includes(`/api/v1/studies/${studyId}/results`));
  expect(unchanged.status()).toBe(304);
  expect(await unchanged.request().headerValue("if-none-match")).toMatch(/^W\/"/);
  await expect(page.getByTestId("double-rated")).toHaveText("0");

  const raters = await Promise.all((["rater", "rater2"] as E2EAccount[]).map((account) => signedInApi(playwright, baseURL, account)));
  await rateTheAnswer(raters[0] as APIRequestContext, 2);
  await expect(page.getByTestId("single-rated")).toHaveText("1");
  await rateTheAnswer(raters[1] as APIRequestContext, 3);

  await expect(page.getByTestId("double-rated")).toHaveText("1", { timeout: 10_000 });
  await expect(page.getByTestId("Omission harm agreement n")).toHaveText("1");
  await expect(page.getByTestId("Omission harm agreement within1")).toHaveText("1.000");
  await expect(page.getByRole("table", { name: "Omission harm confusion matrix" }).getByRole("row").nth(3).getByRole("cell").nth(3)).toHaveText("1");
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  await Promise.all(raters.map((r) => r.dispose()));
});

test("filters recompute the figures, and the exports download", async ({ page }) => {
  await page.goto(`/studies/${studyId}/results?model=live-model`);
  await expect(page.getByTestId("answers-in-scope")).toHaveText("1");
  await expect(page.getByRole("checkbox", { name: "live-model" })).toBeChecked();
  // The study's only model ticked is no model filter: the export's name below names the category alone.
  await page.getByLabel("Category").selectOption("golden_hour");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/category=golden_hour/);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Ratings CSV" }).click();
  expect((await download).suggestedFilename()).toMatch(/^ratings-Live-results-e2e-\d+-category-golden_hour-current-texts\.csv$/);
});
