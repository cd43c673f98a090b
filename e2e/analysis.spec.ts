// A researcher reads the study analysis from a machine rater, compares it with
// the physicians' reading side by side, and downloads the report.
import { expect, test } from "@playwright/test";
import { answer, ndjson, scenario, score } from "../tests/fixtures/study";
import { signedInApi, storageStatePath } from "./support/users";

let studyId = "";

test.beforeAll(async ({ playwright }, testInfo) => {
  const admin = await signedInApi(playwright, testInfo.project.use.baseURL, "admin");
  studyId = ((await (await admin.post("/api/v1/studies", { data: { name: `Analysis e2e ${Date.now()}` } })).json()) as { id: string }).id;
  const post = async (path: string, body: string) =>
    expect((await admin.post(`/api/v1/studies/${studyId}/${path}`, { headers: { "content-type": "application/x-ndjson" }, data: body })).status()).toBe(200);
  const pair = (framing: string, partner: string) => ({ decoupling_variant: { pair_id: "bleeding", framing, partner_id: partner } });
  await post("scenarios", ndjson([scenario("LAY", pair("layperson", "DOC")), scenario("DOC", pair("physician", "LAY"))]));
  const keys = ["LAY", "DOC"].flatMap((s) => ["model-one", "model-two"].map((m) => ({ s, m })));
  await post("responses", ndjson(keys.map((k) => answer(k.s, k.m, 1))));
  // The judge sees more harm when the layperson asks: gap 3 − 1 = 2 for model-one.
  await post("scores?rater=judge-e2e", ndjson(keys.map((k) => score(k.s, k.m, 1, k.s === "LAY" && k.m === "model-one" ? 3 : 1, 0))));
  await admin.dispose();
});

test.use({ storageState: storageStatePath("researcher") });

test("shows per-model harm and the decoupling gap for the chosen source, beside another", async ({ page }) => {
  await page.goto(`/studies/${studyId}`);
  await page.getByRole("link", { name: "Analysis", exact: true }).click();
  await expect(page).toHaveURL(/\/analysis$/);
  // Nobody has rated yet: the physicians' reading is empty, and says so.
  await expect(page.getByText("No decoupling pair has scored answers under both framings.")).toBeVisible();

  await page.getByLabel("Source").selectOption("judge-e2e");
  await page.getByLabel("Compare with").selectOption("physicians");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/source=judge-e2e/);
  await expect(page.getByTestId("judge-e2e model-one mean_oh")).toHaveText("2.000");
  await expect(page.getByTestId("judge-e2e model-one mean_gap")).toHaveText("2.000");
  await expect(page.getByTestId("judge-e2e model-two mean_gap")).toHaveText("0.000");
  await expect(page.getByRole("table", { name: "Harm per model: physicians" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Decoupling gap per pair and model" })).toContainText("2.00");
  await expect(page.getByRole("img", { name: "Distribution of omission harm per model" })).toBeVisible();

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Report (Markdown)" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("analysis-judge-e2e.md");
});
