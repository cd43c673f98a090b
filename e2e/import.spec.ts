// An admin imports scenario files in the browser, watches the upload, sees
// what was created, then uploads a bad file and reads its problems.
import { expect, test } from "@playwright/test";
import { scenario } from "../tests/fixtures/study";
import { storageStatePath } from "./support/users";

test.use({ storageState: storageStatePath("admin") });

const asFile = (name: string, value: unknown) => ({ name, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(value, null, 2)) });

test("an admin imports several scenario files with a progress bar, then sees a bad file's errors", async ({ page, request }) => {
  const name = `Import e2e ${Date.now()}`;
  await page.goto("/admin");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create study" }).click();
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page).toHaveURL(/\/studies\/[0-9a-f-]+$/);
  await page.getByRole("link", { name: "Import", exact: true }).click();
  await expect(page).toHaveURL(/\/import$/);
  await expect(page.getByText("Nothing imported yet.")).toBeVisible();

  // A slow uplink, so the upload takes long enough to watch.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 40 * 1024 });
  const padding = "x".repeat(40_000);
  const files = ["E1", "E2", "E3"].map((id) => asFile(`${id}.json`, scenario(id, { metadata: { padding } })));
  await page.getByLabel("Files to import").setInputFiles(files);
  await expect(page.getByTestId("chosen-files")).toContainText("3 files");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByLabel("Upload progress")).toBeVisible();
  await expect(page.getByText(/Uploading… \d+%/)).toBeVisible();
  await expect(page.getByTestId("import-outcome")).toHaveText("Imported: 3 created, 0 unchanged, 0 replaced.", { timeout: 20_000 });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  const history = page.getByRole("table", { name: "Import history" });
  await expect(history).toContainText("E1.json, E2.json, E3.json");
  await expect(history).toContainText("3 created, 0 unchanged, 0 replaced");

  const bad = [scenario("B1", { acuity_weight: -1 }), scenario("B2", { prompt: 7 }), scenario("E1", { prompt: "changed" })];
  await page.getByLabel("Files to import").setInputFiles([asFile("bad.json", bad)]);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByTestId("import-outcome")).toHaveText("The upload has 3 problems; nothing was imported.");
  const problems = page.getByRole("table", { name: "Problems" });
  await expect(problems.getByRole("row")).toHaveCount(4);
  await expect(problems).toContainText("acuity_weight must be a number greater than 0.");
  await expect(problems).toContainText("Scenario E1 differs from the stored one; tick “Replace stored rows that differ” to replace it.");

  await page.getByLabel("Filter problems").fill("prompt");
  await expect(problems.getByRole("row")).toHaveCount(2);
  await expect(problems).toContainText("prompt must be a string.");
  await page.getByLabel("Filter problems").fill("");
  await problems.getByRole("button", { name: "Line" }).click();
  await expect(problems.getByRole("columnheader", { name: /Line/ })).toHaveAttribute("aria-sort", "ascending");
  await expect(problems.getByRole("row").nth(1)).toContainText("acuity_weight");
  await problems.getByRole("button", { name: /Line/ }).click();
  await expect(problems.getByRole("columnheader", { name: /Line/ })).toHaveAttribute("aria-sort", "descending");
  await expect(problems.getByRole("row").nth(1)).toContainText("E1");
  await expect(history).toContainText("refused: The upload has 3 problems");

  await page.getByRole("link", { name: "Scenarios", exact: true }).click();
  await expect(page).toHaveURL(/\/studies\/[0-9a-f-]+$/);
  await expect(page.getByRole("row")).toHaveCount(4);
  await expect(page.getByRole("cell", { name: "E2" })).toBeVisible();
  expect((await request.get("/api/v1/studies")).status()).toBe(200);
});
