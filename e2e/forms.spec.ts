// A refused form shows every problem at once, each beside its field, in the
// words of the form (never an API field name such as ratingsPerItem).
import { expect, test } from "@playwright/test";
import { answer, ndjson, scenario } from "../tests/fixtures/study";
import { adminStudy } from "./support/study";
import { E2E_USERS, storageStatePath } from "./support/users";

test.use({ storageState: storageStatePath("admin") });

test("the new-user form shows the email, name and password problems together, each on its field", async ({ page }) => {
  await page.goto("/admin/users");
  await page.getByLabel("Email").fill("not an address");
  await page.getByLabel(/^Password/).fill("short");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("3 fields need correcting (marked above).");
  await expect(page.getByLabel("Email")).toHaveAccessibleDescription("Enter a valid email address.");
  await expect(page.getByLabel("Name", { exact: true })).toHaveAccessibleDescription("Enter a name.");
  await expect(page.getByLabel(/^Password/)).toHaveAccessibleDescription(/The password needs at least 10 characters\./);
  await expect(page.getByLabel("Email"), "a refused form keeps what was typed").toHaveValue("not an address");
});

test("the password being the email is reported with the other problems, not after them", async ({ page }) => {
  await page.goto("/admin/users");
  await page.getByLabel("Email").fill("dr.same.word@e2e.tandem");
  await page.getByLabel(/^Password/).fill("dr.same.word");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByLabel("Name", { exact: true })).toHaveAccessibleDescription("Enter a name.");
  await expect(page.getByLabel(/^Password/)).toHaveAccessibleDescription(/The password must not be the email address/);
});

test("the queue form says how many raters to choose, in its own words", async ({ page, playwright, baseURL }) => {
  const study = await adminStudy(playwright, baseURL, `Forms e2e ${Date.now()}`);
  await study.post("scenarios", ndjson([scenario("F1")]));
  await study.post("responses", ndjson([answer("F1", "forms-model", 1)]));
  await study.dispose();
  await page.goto(`/studies/${study.studyId}/queues`);
  await page.getByLabel("Queue name").fill("Three each");
  await page.getByLabel("Ratings per answer").fill("3");
  await page.getByLabel(new RegExp(E2E_USERS.rater.email)).check();
  await page.getByRole("button", { name: "Build queue" }).click();
  await expect(page.getByText("Choose at least 3 raters: each answer is rated by 3 different raters.")).toBeVisible();
  await expect(page.locator("form")).not.toContainText("ratingsPerItem");

  await page.getByLabel("Ratings per answer").fill("11");
  await page.getByLabel("Queue name").fill("");
  await page.getByRole("button", { name: "Build queue" }).click();
  await expect(page.getByText("Enter a queue name.")).toBeVisible();
  await expect(page.getByText("Ratings per answer must be at most 10.")).toBeVisible();
  await expect(page.locator("form")).not.toContainText("ratingsPerItem");
});
