// The Import page's "Check only": every check and the counts the import would give, nothing
// written, the history entry marked as a check; then the real import gives those counts.
import { expect, test } from "@playwright/test";
import { scenario } from "../tests/fixtures/study";
import { seriousViolations } from "./support/axe";
import { adminStudy } from "./support/study";
import { storageStatePath } from "./support/users";

test.use({ storageState: storageStatePath("admin") });

const asFile = (name: string, value: unknown) => ({ name, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(value)) });

test("Check only counts what an import would do and writes nothing; the import then does it", async ({ page, playwright, baseURL }) => {
  const { studyId, post, dispose } = await adminStudy(playwright, baseURL, `Import check e2e ${Date.now()}`);
  await post("scenarios", [scenario("C1")]);
  await dispose();
  await page.goto(`/studies/${studyId}/import`);

  // A one-line JSON array: one scenario already stored, two new.
  await page.getByLabel("Files to import").setInputFiles([asFile("three.json", [scenario("C1"), scenario("C2"), scenario("C3")])]);
  await page.getByRole("button", { name: "Check only" }).click();
  await expect(page.getByTestId("import-outcome")).toHaveText("Check passed, nothing written. Importing would give: 2 created, 1 unchanged, 0 replaced.");
  const history = page.getByRole("table", { name: "Import history" });
  await expect(history.getByRole("row").nth(1)).toContainText("check only");
  await expect(history.getByRole("row").nth(1)).toContainText("would give 2 created, 1 unchanged, 0 replaced");
  expect(await seriousViolations(page)).toEqual([]);

  // Nothing was written: the import creates the same two.
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByTestId("import-outcome")).toHaveText("Imported: 2 created, 1 unchanged, 0 replaced.");
  await expect(history.getByRole("row").nth(1)).not.toContainText("check only");

  // A bad record in a one-line array is named by its record number, and a check is refused as the import would be.
  await page.getByLabel("Files to import").setInputFiles([asFile("bad.json", [scenario("C4"), scenario("C5", { acuity_weight: -1 })])]);
  await page.getByRole("button", { name: "Check only" }).click();
  await expect(page.getByTestId("import-outcome")).toHaveText("The upload has 1 problem; nothing was imported.");
  const problems = page.getByRole("table", { name: "Problems" });
  await expect(problems.getByRole("row").nth(1)).toContainText("Scenario C5: acuity_weight must be a number greater than 0.");
  await expect(problems.getByRole("row").nth(1).getByRole("cell").nth(2)).toHaveText("2");
  await expect(history.getByRole("row").nth(1)).toContainText("check only");
  await expect(history.getByRole("row").nth(1)).toContainText("refused");
  expect(await seriousViolations(page)).toEqual([]);
});

test("an unticked-by-default box imports the valid records, lists the refused ones and downloads them as NDJSON", async ({ page, playwright, baseURL }) => {
  const { studyId, dispose } = await adminStudy(playwright, baseURL, `Import skip e2e ${Date.now()}`);
  await dispose();
  await page.goto(`/studies/${studyId}/import`);
  const skip = page.getByLabel("Import the valid records and refuse the others", { exact: false });
  await expect(skip).not.toBeChecked();

  const file = asFile("mixed.json", [scenario("K1"), scenario("K2", { acuity_weight: 0 }), scenario("K3")]);
  await page.getByLabel("Files to import").setInputFiles([file]);
  await skip.check();
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByTestId("import-outcome")).toHaveText("Imported: 2 created, 0 unchanged, 0 replaced, 1 refused.");
  const problems = page.getByRole("table", { name: "Problems" });
  await expect(problems.getByRole("row")).toHaveCount(2);
  await expect(problems.getByRole("row").nth(1)).toContainText("Scenario K2: acuity_weight must be a number greater than 0.");
  await expect(page.getByRole("table", { name: "Import history" }).getByRole("row").nth(1)).toContainText("2 created, 0 unchanged, 0 replaced, 1 refused");
  expect(await seriousViolations(page)).toEqual([]);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download the refused records (NDJSON)" }).click()]);
  const text = await (await download.createReadStream()).toArray();
  const refused = Buffer.concat(text as Buffer[]).toString("utf8").trim().split("\n").map((line) => JSON.parse(line) as unknown);
  expect(refused).toEqual([
    { file: "mixed.json", line: 1, record: 2, pointer: "/1", problems: [{ field: "acuity_weight", message: "Scenario K2: acuity_weight must be a number greater than 0." }] },
  ]);
});
