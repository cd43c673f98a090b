// A researcher reads each physician's drift: chart and table, another
// slicing, a refused parameter; no serious accessibility violation.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { answer, ndjson, scenario } from "../tests/fixtures/study";
import { seriousViolations } from "./support/axe";
import { adminStudy } from "./support/study";
import { E2E_USERS, signedInApi, storageStatePath, type E2EAccount } from "./support/users";

let studyId = "";

async function rateAll(request: APIRequestContext, queueId: string, oh: number) {
  for (let i = 0; i < 3; i++) {
    const claim = (await (await request.post(`/api/v1/queues/${queueId}/next`)).json()) as { assignmentId: string };
    const rated = await request.post(`/api/v1/assignments/${claim.assignmentId}/rating`, {
      data: { omission_harm: oh, commission_harm: 0, critical_action_results: ["hit", "hit", "miss"], response_class: "substantive", omission_mechanism: "none", reasoning: "Drift." },
    });
    expect(rated.status()).toBe(201);
  }
}

test.beforeAll(async ({ playwright }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL;
  const study = await adminStudy(playwright, baseURL, `Drift e2e ${Date.now()}`);
  studyId = study.studyId;
  await study.post("scenarios", ndjson([scenario("D1")]));
  await study.post("responses", ndjson([1, 2, 3].map((rep) => answer("D1", "drift-model", rep))));
  const queueId = (await study.post("queues", { name: "Drift", raters: [E2E_USERS.rater.email, E2E_USERS.rater2.email] })).id;
  await study.dispose();
  // E2E Rater gives OH 2 throughout, E2E Second Rater OH 1: every pair differs by one.
  for (const [account, oh] of [["rater", 2], ["rater2", 1]] as [E2EAccount, number][]) {
    const api = await signedInApi(playwright, baseURL, account);
    await rateAll(api, queueId, oh);
    await api.dispose();
  }
});

test.use({ storageState: storageStatePath("researcher") });

test("the drift page shows each physician's chart and table, slices by blocks of ratings, and names a refused parameter", async ({ page }) => {
  await page.goto(`/studies/${studyId}/quality/drift`);
  await expect(page.getByRole("heading", { name: "Drift", exact: true })).toBeVisible();
  await expect(page.getByRole("img", { name: /^Drift of E2E Rater: mean OH against the pool/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /^Drift of E2E Second Rater/ })).toBeVisible();
  const table = page.getByRole("table", { name: "Drift of E2E Rater, per slice" });
  const week = table.getByRole("row").nth(1);
  await expect(week.getByRole("rowheader")).toHaveText(/^Week of \d{4}-\d{2}-\d{2}$/);
  // Ratings 3; OH pairs (2, 1) three times: exact 0, within 1 all, κ 0 (p_o = p_e = 15/16); CH pairs (0, 0): κ undefined (p_e = 1).
  // Mean OH 2 against the pool's 1.
  await expect(week.getByRole("cell")).toHaveText(["3", "3", "0.000", "1.000", "0.000", "3", "1.000", "1.000", "—", "0", "—", "—", "—", "—", "2.000", "1.000", "1.000", "0.000", "0.000", "0.000"]);
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole("combobox", { name: /^Physician/ }).selectOption({ label: `${E2E_USERS.rater.name} (${E2E_USERS.rater.email})` });
  await page.getByRole("combobox", { name: /^Slicing/ }).selectOption("ratings");
  await page.getByRole("spinbutton", { name: /^Ratings per block/ }).fill("2");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/by=ratings/);
  await expect(page).toHaveURL(/size=2/);
  await expect(page.getByRole("img", { name: /^Drift of E2E Second Rater/ })).toHaveCount(0);
  const blocks = page.getByRole("table", { name: "Drift of E2E Rater, per slice" }).getByRole("rowheader");
  await expect(blocks).toHaveText(["Ratings 1–2", "Ratings 3–3"]);
  await expect(page.getByRole("combobox", { name: /^Physician/ })).toHaveValue(/.+/);
  expect(await seriousViolations(page)).toEqual([]);

  await page.goto(`/studies/${studyId}/quality/drift?by=month&colour=red`);
  const alert = page.getByRole("alert").filter({ hasText: "cannot be shown" });
  await expect(alert).toContainText("by: by must be one of week, day, ratings.");
  await expect(alert).toContainText("colour");
  await expect(page.getByRole("table")).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);
});
