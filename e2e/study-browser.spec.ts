// The study browser is unblinded, so it is for researchers and admins only.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { answer, ndjson, scenario, score } from "../tests/fixtures/study";
import { signedInApi, storageStatePath } from "./support/users";

let studyId = "";

async function seedStudy(request: APIRequestContext) {
  const created = await request.post("/api/v1/studies", { data: { name: `Browser e2e ${Date.now()}` } });
  expect(created.status()).toBe(201);
  const id = ((await created.json()) as { id: string }).id;
  const post = (kind: string, body: string, type: string) =>
    request.post(`/api/v1/studies/${id}/${kind}`, { headers: { "content-type": type }, data: body });
  expect((await post("scenarios", JSON.stringify([scenario("S1"), scenario("S2")]), "application/json")).status()).toBe(200);
  const rows = ["S1", "S2"].flatMap((s) => ["model-x", "model-y"].map((m) => answer(s, m, 0)));
  rows.push(answer("S2", "model-y", 1, { response: "", content_filtered: true }));
  expect((await post("responses", ndjson(rows), "application/x-ndjson")).status()).toBe(200);
  expect((await post("scores?rater=judge-e2e", ndjson([score("S1", "model-x", 0, 3, 1)]), "application/x-ndjson")).status()).toBe(200);
  return id;
}

test.beforeAll(async ({ playwright }, testInfo) => {
  const request = await signedInApi(playwright, testInfo.project.use.baseURL, "admin");
  studyId = await seedStudy(request);
  await request.dispose();
});

test.describe("as researcher", () => {
  test.use({ storageState: storageStatePath("researcher") });

  test("browses scenarios, filters answers and reads one with its scores", async ({ page }) => {
    await page.goto(`/studies/${studyId}`);
    await expect(page.getByRole("row")).toHaveCount(3);
    await expect(page.getByRole("link", { name: "Import" })).toHaveCount(0);

    await page.getByRole("link", { name: "Answers", exact: true }).click();
    await expect(page).toHaveURL(/\/answers$/);
    await expect(page.getByTestId("answer-count")).toHaveText("5 answers");
    await page.getByLabel("Model").selectOption("model-y");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page.getByTestId("answer-count")).toHaveText("3 answers");
    await page.getByLabel("Content-filtered").selectOption("yes");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page.getByTestId("answer-count")).toHaveText("1 answer");

    await page.goto(`/studies/${studyId}/answers?model=model-x&scenario=S1`);
    await page.getByRole("link", { name: "model-x" }).click();
    await expect(page.getByRole("heading", { name: "S1 · model-x · repetition 0" })).toBeVisible();
    await expect(page.getByTestId("answer-text")).toHaveText("Answer of model-x to S1, repetition 0.");
    const scores = page.getByRole("row").filter({ hasText: "judge-e2e" });
    await expect(scores).toContainText("machine");
    await expect(scores.getByRole("cell").nth(1)).toHaveText("3");
  });

  test("cannot open the import page (403) and sees the queues without the form that builds one", async ({ page }) => {
    expect((await page.goto(`/studies/${studyId}/import`))?.status()).toBe(403);
    expect((await page.goto(`/studies/${studyId}/queues`))?.status()).toBe(200);
    await expect(page.getByRole("heading", { name: "Queues", level: 2 })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Build a queue" })).toHaveCount(0);
  });
});

test.describe("as rater", () => {
  test.use({ storageState: storageStatePath("rater") });

  for (const path of ["", "/answers", "/import", "/queues"]) {
    test(`is refused /studies/…${path} (403) without seeing model names`, async ({ page }) => {
      const response = await page.goto(`/studies/${studyId}${path}`);
      expect(response?.status()).toBe(403);
      expect(await page.content()).not.toContain("model-x");
    });
  }
});
