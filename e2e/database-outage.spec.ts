// A database outage seen from the browser, on an app and a PostgreSQL of this
// spec's own (the shared end-to-end server keeps running): a rating submitted
// while the database is down stays in the form and is sent again until it is
// saved; a page that cannot read its data says why and recovers on "Try again".
import { expect, test, type Page } from "@playwright/test";
import { answer, ndjson, scenario } from "../tests/fixtures/study";
import { startStoppableApp, type StoppableApp } from "../tests/support/stoppable-app";

const RATER = { email: "outage-rater@e2e.tandem", name: "Outage Rater", role: "rater", password: "outage-rater-password" } as const;
const REASONING = "Written while the database was down.";
let app: StoppableApp;
let queueId = "";

test.beforeAll(async () => {
  test.setTimeout(180_000);
  app = await startStoppableApp();
  const admin = await app.addUser({ email: "outage-admin@e2e.tandem", name: "Outage Admin", role: "admin", password: "outage-admin-password" });
  await app.addUser(RATER);
  await app.addUser({ email: "outage-rater2@e2e.tandem", name: "Outage Rater 2", role: "rater", password: "outage-rater2-password" });
  const post = async (path: string, body: string, contentType = "application/json") => {
    const response = await fetch(`${app.baseUrl}/api/v1${path}`, { method: "POST", headers: { authorization: `Bearer ${admin.token}`, "content-type": contentType }, body });
    expect(response.status, `${path}: ${await response.clone().text()}`).toBeLessThan(300);
    return (await response.json()) as { id: string };
  };
  const study = await post("/studies", JSON.stringify({ name: "Outage study" }));
  await post(`/studies/${study.id}/scenarios`, JSON.stringify(scenario("O1")));
  await post(`/studies/${study.id}/responses`, ndjson([answer("O1", "outage-model", 1), answer("O1", "outage-model", 2)]), "application/x-ndjson");
  queueId = (await post(`/studies/${study.id}/queues`, JSON.stringify({ name: "Outage queue", raters: [RATER.email, "outage-rater2@e2e.tandem"] }))).id;
});

test.afterAll(async () => {
  await app.startDatabase();
  await app.close();
});

async function signIn(page: Page) {
  await page.goto(`${app.baseUrl}/sign-in`);
  await page.getByLabel("Email").fill(RATER.email);
  await page.getByLabel("Password").fill(RATER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My queues" })).toBeVisible();
}

/** Fills the whole form of the current answer, without submitting it. */
async function fillRating(page: Page, oh: number, reasoning: string) {
  await page.keyboard.press(`Digit${oh}`);
  await page.keyboard.press("Shift+Digit1");
  for (const key of ["h", "p", "m"]) await page.keyboard.press(key);
  await page.getByRole("combobox", { name: /Response class/ }).selectOption({ index: 1 });
  await page.getByRole("combobox", { name: /Omission mechanism/ }).selectOption({ index: 1 });
  await page.getByRole("textbox", { name: /Reasoning/ }).fill(reasoning);
}

test("ratings submitted during an outage are kept and saved once the database is back; pages say why they fail", async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page);
  await page.goto(`${app.baseUrl}/queues/${queueId}`);
  const first = (await page.getByTestId("blind-code").textContent()) ?? "";
  expect(first).toMatch(/^R-/);
  await fillRating(page, 3, REASONING);

  // Submitted while the database is down: kept in the form, sent again on its own once it is back.
  await app.stopDatabase();
  await page.keyboard.press("Control+Enter");
  await expect(page.getByTestId("notice")).toHaveText("The server cannot reach its database; your rating is kept and will be sent again in 5 s.");
  await page.getByRole("button", { name: "Retry now" }).click();
  await expect(page.getByTestId("notice")).toContainText("your rating is kept and will be sent again");
  await expect(page.getByRole("group", { name: /Omission harm/ }).getByRole("radio", { name: /^3 — / })).toBeChecked();
  await expect(page.getByRole("textbox", { name: /Reasoning/ })).toHaveValue(REASONING);
  await app.startDatabase();
  await expect(page.getByTestId("last-outcome")).toHaveText(`Rating of ${first} saved.`, { timeout: 30_000 });

  // The next answer's draft, and a page loaded while the database is down.
  const second = (await page.getByTestId("blind-code").textContent()) ?? "";
  await fillRating(page, 2, "Second answer, reloaded during the outage.");
  await app.stopDatabase();
  await page.reload();
  await expect(page.getByText("The database cannot be reached right now; try again in a few seconds.")).toBeVisible();
  await app.startDatabase();
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByTestId("blind-code")).toHaveText(second);
  await expect(page.getByRole("textbox", { name: /Reasoning/ })).toHaveValue("Second answer, reloaded during the outage.");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByTestId("queue-done")).toContainText(`Rating of ${second} saved.`);

  const saved = await app.sql<{ reasoning: string; omission_harm: number }>("SELECT reasoning, omission_harm FROM ratings ORDER BY omission_harm DESC");
  expect(saved).toEqual([
    { reasoning: REASONING, omission_harm: 3 },
    { reasoning: "Second answer, reloaded during the outage.", omission_harm: 2 },
  ]);
  await context.close();
});
