// Roles are enforced on the server: each role reaches its own pages and gets
// a real 403 (not the content) elsewhere; signed-out visitors go to sign-in.
import { expect, test } from "@playwright/test";
import type { Role } from "@/lib/roles";
import { storageStatePath } from "./support/users";

const PAGES = ["/admin", "/admin/users", "/admin/tokens", "/results", "/queues"] as const;
const ALLOWED: Record<Role, readonly string[]> = {
  admin: ["/admin", "/admin/users", "/admin/tokens", "/results"],
  researcher: ["/results"],
  rater: ["/queues"],
};

for (const role of Object.keys(ALLOWED) as Role[]) {
  test.describe(`as ${role}`, () => {
    test.use({ storageState: storageStatePath(role) });

    for (const path of PAGES) {
      const allowed = ALLOWED[role].includes(path);
      test(`${path} is ${allowed ? "served" : "refused with 403"}`, async ({ page }) => {
        const response = await page.goto(path);
        if (allowed) {
          expect(response?.status()).toBe(200);
          await expect(page.getByText("403 — Not allowed")).toHaveCount(0);
        } else {
          expect(response?.status()).toBe(403);
          await expect(page.getByRole("heading", { name: "403 — Not allowed" })).toBeVisible();
          await expect(page.getByRole("button", { name: /Create/ })).toHaveCount(0);
        }
      });
    }
  });
}

test.describe("signed out", () => {
  for (const path of PAGES) {
    test(`${path} sends the visitor to sign in`, async ({ page }) => {
      await page.goto(path);
      await expect(page).toHaveURL(/\/sign-in$/);
      await expect(page.getByRole("heading", { name: "Sign in to Tandem" })).toBeVisible();
    });
  }

  test("a wrong password is refused with a message", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill("admin@e2e.tandem");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("That email and password do not match an active account.")).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test("after five failed sign-ins for an account the form says how long to wait", async ({ page }) => {
    // An account of its own (no such user: a locked account looks the same whether or not it exists).
    const email = `throttled-${Date.now()}@e2e.tandem`;
    const attempt = async (password: string) => {
      const answered = page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials"));
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      return (await answered).status();
    };
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(email);
    for (let i = 1; i <= 5; i++) expect(await attempt(`wrong password ${i}`)).toBe(401);
    await expect(page.getByText("That email and password do not match an active account.")).toBeVisible();
    expect(await attempt("wrong password 6")).toBe(429);
    await expect(page.getByText(/^Too many failed sign-ins for this account; try again in \d+ minutes?\.$/)).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in$/);
  });
});
