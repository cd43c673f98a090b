// Signs in once per role through the real form and keeps each session for the specs.
import { expect, test as setup } from "@playwright/test";
import { E2E_USERS, storageStatePath, type E2ERole } from "./support/users";

const LANDING: Record<E2ERole, { path: string; heading: string }> = {
  admin: { path: "/admin", heading: "Administration" },
  researcher: { path: "/results", heading: "Results" },
  rater: { path: "/queues", heading: "My queues" },
};

for (const role of Object.keys(E2E_USERS) as E2ERole[]) {
  setup(`sign in as ${role} and land on the ${role}'s start page`, async ({ page }) => {
    const user = E2E_USERS[role];
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(new RegExp(`${LANDING[role].path}$`));
    await expect(page.getByRole("heading", { level: 1, name: LANDING[role].heading })).toBeVisible();
    await expect(page.getByTestId("signed-in-as")).toContainText(user.name);
    await page.context().storageState({ path: storageStatePath(role) });
  });
}
