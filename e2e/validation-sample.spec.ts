// An admin draws a stratified validation sample in the browser and reads its sampling report.
import { expect, test } from "@playwright/test";
import { answer, ndjson, scenario, score } from "../tests/fixtures/study";
import { E2E_USERS, signedInApi, storageStatePath } from "./support/users";

let studyId = "";

test.use({ storageState: storageStatePath("admin") });

test.beforeAll(async ({ playwright }, testInfo) => {
  const admin = await signedInApi(playwright, testInfo.project.use.baseURL, "admin");
  const study = await admin.post("/api/v1/studies", { data: { name: `Sample e2e ${Date.now()}` } });
  studyId = ((await study.json()) as { id: string }).id;
  const post = async (path: string, rows: unknown[]) =>
    expect((await admin.post(`/api/v1/studies/${studyId}/${path}`, { headers: { "content-type": "application/x-ndjson" }, data: ndjson(rows) })).status()).toBe(200);
  await post("scenarios", [scenario("V1"), scenario("V2", { quadrant: "chronic" })]);
  const keys = ["V1", "V2"].flatMap((s) => ["model-a", "model-b"].flatMap((m) => [1, 2, 3].map((rep) => ({ s, m, rep }))));
  await post("responses", keys.map((k) => answer(k.s, k.m, k.rep)));
  await post("scores?rater=judge-v", keys.map((k) => score(k.s, k.m, k.rep, k.rep === 1 ? 3 : 0, 0)));
  await admin.dispose();
});

test("draws a validation sample and shows how it was drawn", async ({ page }) => {
  await page.goto(`/studies/${studyId}/queues`);
  await page.getByLabel("Queue name").fill("Validation sample");
  await page.getByLabel(new RegExp(E2E_USERS.rater.email)).check();
  await page.getByLabel(new RegExp(E2E_USERS.rater2.email)).check();
  await page.getByLabel("Sample size (blank: every answer)").fill("13");
  await page.getByRole("button", { name: "Build queue" }).click();
  await expect(page.getByText("The sample asks for 13 answers but only 12 are available.")).toBeVisible();
  await expect(page.getByText("At most 12.")).toBeVisible();

  await page.getByLabel("Sample size (blank: every answer)").fill("4");
  await page.getByLabel("Seed (blank: a random one)").fill("seed-e2e");
  await page.getByLabel("Oversample answers scored OH ≥ 2 by").selectOption("judge-v");
  await page.getByLabel("Target share of those (%)").fill("100");
  await page.getByRole("button", { name: "Build queue" }).click();
  await expect(page.getByText('Queue "Validation sample" created with 4 answers.')).toBeVisible();
  await page.getByRole("link", { name: "Open it" }).click();

  await expect(page.getByText(/Seed seed-e2e: 4 of 12 answers drawn/)).toBeVisible();
  const report = page.getByRole("table", { name: "Sampling report" });
  // Two models × two categories, one answer each, and that one is the flagged repetition.
  await expect(report.getByRole("row")).toHaveCount(5);
  for (const row of await report.getByRole("row").all().then((rows) => rows.slice(1))) {
    await expect(row.getByRole("cell").nth(4)).toHaveText("1");
    await expect(row.getByRole("cell").nth(6)).toHaveText("1");
  }
  await expect(page.getByRole("table", { name: "Answers by ratings received" })).toContainText("4");
});
