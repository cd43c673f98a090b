// The accounts the end-to-end server creates; known here so tests can sign in.
import type { APIRequest, Browser, Page } from "@playwright/test";
import type { Role } from "@/lib/roles";

export const E2E_USERS = {
  admin: { role: "admin", email: "admin@e2e.tandem", name: "E2E Admin", password: "e2e-admin-password" },
  researcher: { role: "researcher", email: "researcher@e2e.tandem", name: "E2E Researcher", password: "e2e-researcher-password" },
  rater: { role: "rater", email: "rater@e2e.tandem", name: "E2E Rater", password: "e2e-rater-password" },
  rater2: { role: "rater", email: "rater2@e2e.tandem", name: "E2E Second Rater", password: "e2e-rater2-password" },
  // In no queue's pool until an admin adds them (e2e/pools.spec.ts).
  rater3: { role: "rater", email: "rater3@e2e.tandem", name: "E2E Third Rater", password: "e2e-rater3-password" },
} as const satisfies Record<string, { role: Role; email: string; name: string; password: string }>;

export type E2EAccount = keyof typeof E2E_USERS;

export const storageStatePath = (account: E2EAccount) => `e2e/.auth/${account}.json`;

/**
 * An API client signed in as `account`. It sends the app's own Origin, as
 * the app's pages do: the server takes writes authenticated by the session
 * cookie only from there.
 */
export function signedInApi(playwright: { request: APIRequest }, baseURL: string | undefined, account: E2EAccount) {
  if (!baseURL) throw new Error("The project sets no baseURL.");
  return playwright.request.newContext({ baseURL, storageState: storageStatePath(account), extraHTTPHeaders: { origin: baseURL } });
}

/** A page of a new browser context signed in as `account`. */
export async function pageAs(browser: Browser, account: E2EAccount): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStatePath(account) });
  return context.newPage();
}
