// What an admin does on day one: create a study, a user and an API token in
// the browser; the token then works over the API and is shown only once.
import { expect, test } from "@playwright/test";
import { E2E_USERS, storageStatePath } from "./support/users";

test.use({ storageState: storageStatePath("admin") });

test("an admin creates a study and sees it listed", async ({ page }) => {
  const name = `E2E study ${Date.now()}`;
  await page.goto("/admin");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create study" }).click();
  await expect(page.getByRole("status")).toHaveText(`Study "${name}" created.`);
  await expect(page.getByRole("cell", { name, exact: true })).toBeVisible();

  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create study" }).click();
  await expect(page.getByText(`A study named "${name}" already exists.`)).toBeVisible();
});

test("the study form refuses a name with a NUL character, or over its limit, saying why", async ({ page }) => {
  const name = `E2E NUL ${Date.now()}`;
  await page.goto("/admin");
  // Typing cannot enter U+0000; a pasted or scripted value can.
  await page.getByLabel("Name").evaluate((input, value) => ((input as HTMLInputElement).value = value), `${name}\u0000`);
  await page.getByRole("button", { name: "Create study" }).click();
  await expect(page.getByText("name contains a NUL character (U+0000), which cannot be stored; remove it.")).toBeVisible();
  await expect(page.getByRole("cell", { name, exact: false })).toHaveCount(0);

  await page.getByLabel("Name").fill("n".repeat(201));
  await page.getByRole("button", { name: "Create study" }).click();
  await expect(page.getByText("name must be at most 200 characters.")).toBeVisible();
});

test("an admin creates a rater account that can then sign in", async ({ page, browser }) => {
  const email = `new-rater-${Date.now()}@e2e.tandem`;
  await page.goto("/admin/users");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Name").fill("Dr New");
  await page.getByLabel(/^Role/).selectOption("rater");
  await expect(page.getByText(/^At least 10 characters and at most 72 bytes/)).toBeVisible();
  await page.getByLabel(/^Password/).fill("short");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText("The password needs at least 10 characters.")).toBeVisible();
  await expect(page.getByLabel("Email"), "a refused form keeps what was typed").toHaveValue(email);
  await page.getByLabel(/^Password/).fill("Password123");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText("This is one of the best-known passwords; choose another.")).toBeVisible();

  await page.getByLabel(/^Password/).fill("a long enough password");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("status")).toHaveText(`Created rater ${email}.`);
  await expect(page.getByRole("cell", { name: email })).toBeVisible();

  const fresh = await browser.newContext({ storageState: undefined });
  const raterPage = await fresh.newPage();
  await raterPage.goto("/sign-in");
  await raterPage.getByLabel("Email").fill(email);
  await raterPage.getByLabel("Password").fill("a long enough password");
  await raterPage.getByRole("button", { name: "Sign in" }).click();
  await expect(raterPage).toHaveURL(/\/queues$/);
  await fresh.close();
});

test("an admin creates an API token, shown once, that authenticates API calls until revoked", async ({ page, request }) => {
  await page.goto("/admin/tokens");
  await page.getByLabel("Owner's email").fill("admin@e2e.tandem");
  await page.getByLabel("Label").fill("e2e script");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent()) ?? "";
  expect(token).toMatch(/^tdm_/);

  const created = await request.post("/api/v1/studies", {
    headers: { authorization: `Bearer ${token}` },
    data: { name: `Via token ${Date.now()}` },
  });
  expect(created.status()).toBe(201);

  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  const row = page.getByRole("row").filter({ hasText: "e2e script" });
  await expect(row).toContainText(token.slice(0, 10));
  await expect(row).not.toContainText(token.slice(10));
  await row.getByRole("button", { name: "Revoke" }).click();
  const dialog = page.getByRole("dialog", { name: /^Revoke the token tdm_/ });
  await expect(dialog).toContainText("cannot be restored");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect((await request.get("/api/v1/studies", { headers: { authorization: `Bearer ${token}` } })).status(), "cancelled: still valid").toBe(200);
  await row.getByRole("button", { name: "Revoke" }).click();
  await dialog.getByRole("button", { name: "Revoke token" }).click();
  await expect(row.getByRole("cell", { name: "revoked", exact: true })).toBeVisible();

  const refused = await request.get("/api/v1/studies", { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
});

test("signing out ends the session on the server: a copy of its cookie no longer opens a page", async ({ browser }) => {
  // A session of its own: signing out the shared admin session would sign out the other specs.
  const context = await browser.newContext({ storageState: undefined });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(E2E_USERS.admin.email);
  await page.getByLabel("Password").fill(E2E_USERS.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  const copied = await context.storageState();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/sign-in$/);
  await context.close();

  const replay = await browser.newContext({ storageState: copied });
  const replayed = await replay.newPage();
  await replayed.goto("/admin");
  await expect(replayed).toHaveURL(/\/sign-in$/);
  await replay.close();
});
