// Two physicians disagree on an answer, a third adjudicates it in the
// browser, and the researcher's open Results page shows the backlog grow and
// shrink and the consensus, without a reload.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { answer, ndjson, scenario } from "../tests/fixtures/study";
import { seriousViolations } from "./support/axe";
import { rateByKeyboard } from "./support/keyboard";
import { adminStudy } from "./support/study";
import { E2E_USERS, pageAs, signedInApi, storageStatePath, type E2EAccount } from "./support/users";

let studyId = "";
let queueId = "";

test.beforeAll(async ({ playwright }, testInfo) => {
  const study = await adminStudy(playwright, testInfo.project.use.baseURL, `Adjudication e2e ${Date.now()}`);
  studyId = study.studyId;
  await study.post("scenarios", ndjson([scenario("J1")]));
  await study.post("responses", ndjson([answer("J1", "adj-model", 1, { response: "Call for help now." }), answer("J1", "adj-model", 2, { response: "Rest and wait." })]));
  // rater3 is named adjudicator and is outside the pool: offered the adjudication only.
  queueId = (await study.post("queues", { name: "Adjudicated", raters: [E2E_USERS.rater.email, E2E_USERS.rater2.email], adjudication: { threshold: 2, mode: "reconcile", adjudicators: [E2E_USERS.rater3.email] } })).id;
  await study.dispose();
});

/** Rates every answer the queue offers with the OH `oh` gives its blind code; returns the codes in the order offered. */
async function rateAll(request: APIRequestContext, oh: (code: string) => number): Promise<string[]> {
  const codes: string[] = [];
  for (;;) {
    const claim = await request.post(`/api/v1/queues/${queueId}/next`);
    if (claim.status() === 204) return codes;
    const item = (await claim.json()) as { assignmentId: string; blindCode: string };
    codes.push(item.blindCode);
    const rated = await request.post(`/api/v1/assignments/${item.assignmentId}/rating`, {
      data: { omission_harm: oh(item.blindCode), commission_harm: 0, critical_action_results: ["hit", "hit", "miss"], response_class: "substantive", omission_mechanism: "none", reasoning: `OH ${oh(item.blindCode)}.` },
    });
    expect(rated.status()).toBe(201);
  }
}

test.use({ storageState: storageStatePath("researcher") });

test("a third physician adjudicates in the browser and the open Results page shows the backlog shrink and the consensus", async ({ page, browser, playwright, baseURL }) => {
  await page.goto(`/studies/${studyId}/results`);
  await expect(page.getByTestId("adjudication-backlog")).toHaveText("0");
  await expect(page.getByTestId("consensus-answers")).toHaveText("0");
  expect(await seriousViolations(page)).toEqual([]);
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

  const [first, second] = await Promise.all((["rater", "rater2"] as E2EAccount[]).map((account) => signedInApi(playwright, baseURL, account)));
  // The first physician gives OH 0 to both answers, the second OH 3 to the first of them and 0 to the other.
  const split = (await rateAll(first as APIRequestContext, () => 0))[0] as string;
  await rateAll(second as APIRequestContext, (code) => (code === split ? 3 : 0));
  await Promise.all([first?.dispose(), second?.dispose()]);

  await expect(page.getByTestId("adjudication-backlog")).toHaveText("1", { timeout: 10_000 });
  await expect(page.getByTestId("consensus-agreed")).toHaveText("1");
  await expect(page.getByTestId("consensus-adjudicated")).toHaveText("0");

  // The adjudicator finds the queue on My queues and sees the earlier ratings anonymised.
  const adjudicator = await pageAs(browser, "rater3");
  await adjudicator.goto("/queues");
  await adjudicator.getByRole("link", { name: "Adjudicated" }).click();
  await expect(adjudicator.getByTestId("blind-code")).toHaveText(split);
  await expect(adjudicator.getByTestId("earlier-rating")).toHaveCount(2);
  await expect(adjudicator.getByTestId("earlier-ratings")).toContainText("Rater A");
  await expect(adjudicator.getByTestId("earlier-ratings")).toContainText("Rater B");
  await expect(adjudicator.getByTestId("earlier-ratings")).not.toContainText("E2E");
  await expect(adjudicator.getByTestId("earlier-ratings")).not.toContainText("adj-model");
  expect(await seriousViolations(adjudicator)).toEqual([]);
  await rateByKeyboard(adjudicator, { oh: 3, ch: 0, reasoning: "Sides with the severe gap." });
  await expect(adjudicator.getByTestId("queue-done")).toBeVisible();
  await adjudicator.context().close();

  await expect(page.getByTestId("adjudication-backlog")).toHaveText("0", { timeout: 10_000 });
  await expect(page.getByTestId("consensus-adjudicated")).toHaveText("1");
  // OH: the adjudicator gave 3, the second rating's score (rater B).
  await expect(page.getByTestId("sided-with").getByRole("row", { name: /Omission harm/ })).toHaveText(/Omission harm\s*1\s*0 \(0%\)\s*1 \(100%\)\s*0 \(0%\)/);
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

  // The panel's export link gives each answer's consensus: the split one adjudicated at OH 3, the other agreed at 0.
  const href = await page.getByRole("link", { name: "Consensus per answer (CSV)" }).getAttribute("href");
  const csv = await (await page.request.get(href ?? "")).text();
  const rows = csv.trim().split("\r\n").slice(1).map((line) => line.split(","));
  expect(rows.map((r) => [r[3], r[5], r[6]]).sort()).toEqual([[split, "adjudicated", "3"], [rows.find((r) => r[3] !== split)?.[3], "agreed", "0"]].sort());
});
