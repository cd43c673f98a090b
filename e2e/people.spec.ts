// An admin manages people in the browser: resets a physician's password
// (through the confirmation), who signs in with the temporary password, is
// made to choose a new one, and signs in with that; and deactivates a user.
import { expect, test, type Page } from "@playwright/test";
import { seriousViolations } from "./support/axe";
import { storageStatePath } from "./support/users";

test.use({ storageState: storageStatePath("admin") });

async function createUser(page: Page, email: string, role: string, password: string) {
  await page.goto("/admin/users");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Name", { exact: true }).fill(`Dr ${email.split("@")[0] ?? ""}`);
  await page.getByLabel(/^Role/).selectOption(role);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("status")).toHaveText(`Created ${role} ${email}.`);
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("an admin resets a physician's password; the physician signs in with it, must choose a new one, then signs in with that", async ({ page, browser }) => {
  const email = `reset-${Date.now()}@e2e.tandem`;
  const original = "the original password";
  await createUser(page, email, "rater", original);

  const row = page.getByRole("row").filter({ hasText: email });
  await row.getByRole("button", { name: "Reset password" }).click();
  const dialog = page.getByRole("dialog", { name: `Reset the password of ${email}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" }), "focus starts on Cancel").toBeFocused();
  expect(await seriousViolations(page), "the users page with the dialog open").toEqual([]);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId("temporary-password"), "cancelled: nothing reset").toHaveCount(0);

  await row.getByRole("button", { name: "Reset password" }).click();
  await dialog.getByRole("button", { name: "Reset password" }).click();
  const shown = row.getByTestId("temporary-password");
  await expect(shown).toHaveText(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
  const temporary = (await shown.textContent()) ?? "";
  await page.reload();
  await expect(page.getByTestId("temporary-password"), "shown once").toHaveCount(0);

  const physician = await (await browser.newContext({ storageState: undefined })).newPage();
  await signIn(physician, email, original);
  await expect(physician.getByText("That email and password do not match an active account.")).toBeVisible();

  await signIn(physician, email, temporary);
  await expect(physician).toHaveURL(/\/account\/password$/);
  await expect(physician.getByText("Your password was reset by an admin.")).toBeVisible();
  await physician.goto("/queues");
  await expect(physician, "every page sends them back until they choose").toHaveURL(/\/account\/password$/);
  await expect(physician.getByText(/^At least 10 characters and at most 72 bytes/), "the rule is stated").toBeVisible();
  expect(await seriousViolations(physician), "the change-password page").toEqual([]);

  const chosen = "my very own new password";
  await physician.getByLabel("Current or temporary password").fill(temporary);
  await physician.getByLabel("New password", { exact: true }).fill(chosen);
  await physician.getByLabel("New password again").fill("something else entirely");
  await physician.getByRole("button", { name: "Change password" }).click();
  await expect(physician.getByText("The two new passwords differ.")).toBeVisible();
  await physician.getByLabel("New password again").fill(chosen);
  await physician.getByRole("button", { name: "Change password" }).click();
  await expect(physician).toHaveURL(/\/sign-in\?password=changed$/);
  await expect(physician.getByRole("status")).toHaveText("Your password was changed. Sign in with the new one.");

  await signIn(physician, email, temporary);
  await expect(physician.getByText("That email and password do not match an active account."), "the temporary password is spent").toBeVisible();
  await signIn(physician, email, chosen);
  await expect(physician).toHaveURL(/\/queues$/);
  await expect(physician.getByRole("heading", { level: 1, name: "My queues" })).toBeVisible();
  await physician.context().close();
});

test("an admin deactivates a user through the confirmation; their session stops on the next request and works again after a reactivation", async ({ page, browser }) => {
  const email = `deactivate-${Date.now()}@e2e.tandem`;
  const password = "a researcher password";
  await createUser(page, email, "researcher", password);
  const researcher = await (await browser.newContext({ storageState: undefined })).newPage();
  await signIn(researcher, email, password);
  await expect(researcher).toHaveURL(/\/results$/);

  const row = page.getByRole("row").filter({ hasText: email });
  await row.getByRole("button", { name: "Deactivate" }).click();
  await page.getByRole("dialog", { name: `Deactivate ${email}?` }).getByRole("button", { name: "Deactivate" }).click();
  await expect(row.getByRole("status")).toHaveText(`${email} is deactivated.`);
  await expect(row.getByRole("cell", { name: "deactivated", exact: true })).toBeVisible();

  await researcher.reload();
  await expect(researcher, "their open session ends on the next request").toHaveURL(/\/sign-in$/);

  await row.getByRole("button", { name: "Reactivate" }).click();
  await page.getByRole("dialog", { name: `Reactivate ${email}?` }).getByRole("button", { name: "Reactivate" }).click();
  await expect(row.getByRole("cell", { name: "active", exact: true })).toBeVisible();
  await researcher.goto("/results");
  await expect(researcher, "the unexpired session works again").toHaveURL(/\/results$/);
  await researcher.context().close();
});

test("an admin cannot deactivate themselves: the page says why", async ({ page }) => {
  await page.goto("/admin/users");
  const row = page.getByRole("row").filter({ hasText: "admin@e2e.tandem" });
  await row.getByRole("button", { name: "Deactivate" }).click();
  await page.getByRole("dialog", { name: "Deactivate admin@e2e.tandem?" }).getByRole("button", { name: "Deactivate" }).click();
  await expect(row.getByRole("alert")).toHaveText("You cannot deactivate yourself; ask another admin.");
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: "admin@e2e.tandem" }).getByRole("cell", { name: "active", exact: true })).toBeVisible();
});
