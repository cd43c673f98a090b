// Signs in once per role through the real form and keeps each session for the specs.
import { expect, test as setup } from "@playwright/test";
import type { Role } from "@/lib/roles";
import { E2E_USERS, storageStatePath, type E2EAccount } from "./support/users";

const LANDING: Record<Role, { path: string; heading: string }> = {
  admin: { path: "/admin", heading: "Administration" },
  researcher: { path: "/results", heading: "Results" },
  rater: { path: "/queues", heading: "My queues" },
};

for (const account of Object.keys(E2E_USERS) as E2EAccount[]) {
  const user = E2E_USERS[account];
  const role = user.role;
  setup(`sign in as ${account} and land on the ${role}'s start page`, async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // The first sign-in hashes a password and renders a page no request has warmed yet; on a loaded
    // two-core machine that alone has taken longer than the default five seconds.
    await expect(page).toHaveURL(new RegExp(`${LANDING[role].path}$`), { timeout: 20_000 });
    await expect(page.getByRole("heading", { level: 1, name: LANDING[role].heading })).toBeVisible();
    await expect(page.getByTestId("signed-in-as")).toContainText(user.name);
    await page.context().storageState({ path: storageStatePath(account) });
  });
}
