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
