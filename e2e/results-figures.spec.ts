// What the Results and Analysis pages say about their figures: the judge miss
// rate only for a machine against a physician, small n shown as such, the
// progress of the queued answers beside the whole study, a glossary behind
// every figure, refused rater comparisons, and no serious axe violation.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { answer, ndjson, scenario, score } from "../tests/fixtures/study";
import { adminStudy } from "./support/study";
import { seriousViolations } from "./support/axe";
import { E2E_USERS, signedInApi, storageStatePath, type E2EAccount } from "./support/users";

let studyId = "";
let queueId = "";

// Two scenarios of one decoupling pair, each answered by two models: four answers.
// The queue takes m1's two; the judge scores all four, OH 0 on m1's physician-framed answer.
const JUDGE_OH: Record<string, number> = { "LAY|m1": 4, "DOC|m1": 0, "LAY|m2": 0, "DOC|m2": 2 };
// Each physician gives the same OH to every answer: rater 2, rater2 0.
const PHYSICIAN_OH: Partial<Record<E2EAccount, number>> = { rater: 2, rater2: 0 };

async function rateQueue(request: APIRequestContext, oh: number) {
  for (let i = 0; i < 2; i++) {
    const claim = (await (await request.post(`/api/v1/queues/${queueId}/next`)).json()) as { assignmentId: string };
    const rated = await request.post(`/api/v1/assignments/${claim.assignmentId}/rating`, {
      data: { omission_harm: oh, commission_harm: 0, critical_action_results: ["hit", "hit", "miss"], response_class: "substantive", omission_mechanism: "none", reasoning: "Figures." },
    });
    expect(rated.status()).toBe(201);
  }
}

test.beforeAll(async ({ playwright }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL;
  const study = await adminStudy(playwright, baseURL, `Results figures e2e ${Date.now()}`);
  studyId = study.studyId;
  const pair = (framing: string, partner: string) => ({ decoupling_variant: { pair_id: "bleeding", framing, partner_id: partner } });
  await study.post("scenarios", ndjson([scenario("LAY", pair("layperson", "DOC")), scenario("DOC", pair("physician", "LAY"))]));
  const keys = Object.keys(JUDGE_OH).map((key) => key.split("|") as [string, string]);
  await study.post("responses", ndjson(keys.map(([s, m]) => answer(s, m, 1))));
  await study.post("scores?rater=judge-f", ndjson(keys.map(([s, m]) => score(s, m, 1, JUDGE_OH[`${s}|${m}`] ?? 0, 0))));
  queueId = (await study.post("queues", { name: "m1 only", raters: [E2E_USERS.rater.email, E2E_USERS.rater2.email], filter: { models: ["m1"] } })).id;
  await study.dispose();
  for (const [account, oh] of Object.entries(PHYSICIAN_OH) as [E2EAccount, number][]) {
    const rater = await signedInApi(playwright, baseURL, account);
    await rateQueue(rater, oh);
    await rater.dispose();
  }
});

test.use({ storageState: storageStatePath("researcher") });

/** Chooses the two raters to compare (by their labels in the filters) and applies. */
async function compare(page: Page, a: string | null, b: string | null) {
  await page.goto(`/studies/${studyId}/results`);
  await page.getByLabel("Compare rater").selectOption(a === null ? "" : { label: a });
  await page.getByLabel("with rater").selectOption(b === null ? "" : { label: b });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/\/results\?/);
}

const DR = `${E2E_USERS.rater.name} (physician)`;
const DR2 = `${E2E_USERS.rater2.name} (physician)`;
const JUDGE = "judge-f (machine)";

test("the judge miss rate shows only for a machine against a physician, with the machine as the judge on either side", async ({ page }) => {
  // The physician gave OH 2 on both answers; the judge gave 0 on one: a miss rate of 1/2, whichever is named first.
  for (const [a, b] of [[DR, JUDGE], [JUDGE, DR]] as const) {
    await compare(page, a, b);
    const table = page.getByRole("table", { name: /^Omission harm, .* agreement$/ });
    await expect(table.getByRole("row", { name: /Judge miss rate \(judge-f as judge\)/ })).toBeVisible();
    await expect(table.getByTestId(/judge_miss_rate$/)).toHaveText("0.500");
  }
  // Two physicians: no judge, so no miss rate in either order.
  for (const [a, b] of [[DR, DR2], [DR2, DR]] as const) {
    await compare(page, a, b);
    await expect(page.getByTestId("named-pair")).toBeVisible();
    const table = page.getByRole("table", { name: /^Omission harm, .* agreement$/ });
    await expect(table.getByTestId(/ exact$/)).toHaveText("0.000");
    await expect(table.getByText("Judge miss rate")).toHaveCount(0);
  }
  // Nor in the pooled physician figures, nor in the table of physician pairs; the machine table keeps its column.
  await page.goto(`/studies/${studyId}/results`);
  await expect(page.getByRole("table", { name: "Omission harm agreement", exact: true }).getByText("Judge miss rate")).toHaveCount(0);
  await expect(page.getByRole("table", { name: "Physician pairs" }).getByText("Judge miss rate")).toHaveCount(0);
  await expect(page.getByRole("table", { name: "Physicians versus machines" }).getByRole("columnheader", { name: "Judge miss rate (machine as judge)" })).toBeVisible();
  const api = await page.request.get(`/api/v1/studies/${studyId}/agreement?scale=omission_harm&raterA=judge-f&raterB=${encodeURIComponent(E2E_USERS.rater.email)}`);
  expect(await api.json()).toMatchObject({ judge: "judge-f", judge_miss_rate: 0.5 });
  const physicians = await page.request.get(`/api/v1/studies/${studyId}/agreement?scale=omission_harm&raterA=${encodeURIComponent(E2E_USERS.rater.email)}&raterB=${encodeURIComponent(E2E_USERS.rater2.email)}`);
  expect(await physicians.json()).not.toHaveProperty("judge_miss_rate");
});

test("a figure from too few pairs has no interval and says so; every dash says why", async ({ page }) => {
  await page.goto(`/studies/${studyId}/results`);
  await expect(page.getByText(/fewer than 10 pairs is marked .too few pairs./)).toBeVisible();
  // Two pooled pairs, OH (2, 0) both: the figures are there, the intervals are not.
  await expect(page.getByTestId("Omission harm agreement n")).toHaveText("2");
  await expect(page.getByTestId("Omission harm agreement n note")).toHaveText("too few pairs: no intervals below 10");
  await expect(page.getByTestId("Omission harm agreement exact")).toHaveText("0.000");
  await expect(page.getByTestId("Omission harm agreement exact ci")).toHaveText("too few pairs");
  await expect(page.getByTestId("Omission harm agreement within1 ci")).toHaveText("too few pairs");
  // Every CH score is 0: chance agreement is 1, so κ is undefined, and the page says why.
  await expect(page.getByTestId("Commission harm agreement kappa")).toHaveText("—");
  await expect(page.getByTestId("Commission harm agreement kappa why")).toHaveText("(one category only)");
  await expect(page.getByTestId("Commission harm agreement exact")).toHaveText("1.000");
  await expect(page.getByTestId("Commission harm agreement exact ci")).toHaveText("too few pairs");
  // A model with no answers: no pairs at all.
  await page.goto(`/studies/${studyId}/results?model=no-such-model`);
  await expect(page.getByTestId("Omission harm agreement exact")).toHaveText("—");
  await expect(page.getByTestId("Omission harm agreement exact why")).toHaveText("(no pairs)");
  const api = (await (await page.request.get(`/api/v1/studies/${studyId}/agreement?scale=omission_harm`)).json()) as { n: number; exact: number; ci95: Record<string, unknown> };
  expect(api.n).toBe(2);
  expect(api.exact).toBe(0);
  expect(Object.values(api.ci95).every((ci) => ci === null)).toBe(true);
  // The Analysis page's dashes say why too: a machine rater gives no critical-action results.
  await page.goto(`/studies/${studyId}/analysis?source=judge-f`);
  await expect(page.getByTestId("critical-action-summary")).toContainText("Hit rate — (no critical-action result from this source)");
});

test("progress counts the answers in queues, and shows the whole study apart", async ({ page }) => {
  await page.goto(`/studies/${studyId}/results`);
  const queued = page.getByTestId("progress");
  await expect(queued).toContainText("Progress of the study's queues");
  await expect(page.getByTestId("queued-answers")).toHaveText("2");
  await expect(page.getByTestId("queued-unrated")).toHaveText("0");
  await expect(page.getByTestId("double-rated")).toHaveText("2");
  await expect(page.getByTestId("study-progress")).toContainText("The whole study");
  await expect(page.getByTestId("answers-in-scope")).toHaveText("4");
  await expect(page.getByTestId("study-unrated")).toHaveText("2");
  await expect(page.getByTestId("study-double-rated")).toHaveText("2");
  // One queue chosen: its answers are the whole scope.
  await page.getByLabel("Queue").selectOption({ label: "m1 only" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("progress")).toContainText("Progress of the queue m1 only");
  await expect(page.getByTestId("queued-answers")).toHaveText("2");
  await expect(page.getByTestId("study-progress")).toHaveCount(0);
});

/** The parameters of each export link on the Results page, by link text. */
async function exportLinks(page: Page): Promise<{ text: string; params: URLSearchParams }[]> {
  const links = page.getByRole("navigation", { name: "Exports" }).getByRole("link");
  await expect(links).toHaveCount(3);
  return links.evaluateAll((as) => as.map((a) => ({ text: a.textContent, href: a.getAttribute("href") ?? "" }))).then((list) =>
    list.map(({ text, href }) => ({ text, params: new URL(href, "http://x").searchParams })),
  );
}

test("the comparison refuses one rater alone and the same rater twice, on the page, in its export links and over the API", async ({ page }) => {
  await compare(page, DR, DR);
  await expect(page.getByTestId("rater-pair-problem")).toHaveText("Choose two different raters: raterA and raterB name the same rater.");
  await expect(page.getByTestId("named-pair")).toHaveCount(0);
  await compare(page, DR, null);
  await expect(page.getByTestId("rater-pair-problem")).toContainText("Choose the second rater (raterB) as well");
  await compare(page, null, JUDGE);
  await expect(page.getByTestId("rater-pair-problem")).toContainText("Choose the first rater (raterA) as well");
  await expect(page.getByTestId("double-rated")).toHaveText("2");
  // The figures cover the whole study, so every export link does too: no rater in its address or its text.
  for (const [a, b] of [[DR, DR], [DR, null], [null, JUDGE]] as const) {
    await compare(page, a, b);
    await page.getByRole("checkbox", { name: "m2" }).uncheck();
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByTestId("rater-pair-problem")).toBeVisible();
    for (const { text, params } of await exportLinks(page)) {
      expect(params.get("raterA"), text).toBeNull();
      expect(params.get("raterB"), text).toBeNull();
      expect(params.get("models"), text).toBe("m1");
      expect(text).not.toContain("rater");
    }
  }
  // A pair the page compares is carried by every link.
  await compare(page, DR, JUDGE);
  await expect(page.getByTestId("named-pair")).toBeVisible();
  for (const { text, params } of await exportLinks(page)) {
    expect(params.get("raterA"), text).not.toBeNull();
    expect(params.get("raterB"), text).not.toBeNull();
  }
  for (const [query, field] of [["raterA=judge-f&raterB=judge-f", "raterB"], ["raterA=judge-f", "raterB"], ["raterB=judge-f", "raterA"]]) {
    for (const route of ["results", "agreement?scale=omission_harm&", "ratings?"]) {
      const response = await page.request.get(`/api/v1/studies/${studyId}/${route}${route === "results" ? "?" : ""}${query}`);
      expect(response.status(), `${route} ${query}`).toBe(422);
      const body = (await response.json()) as { error: { details: { field: string }[] } };
      expect(body.error.details[0]?.field, `${route} ${query}`).toBe(field);
    }
  }
});

test("ticked models narrow the figures as a single model does, and the exports and the API follow", async ({ page }) => {
  await page.goto(`/studies/${studyId}/results?model=m1`);
  const single = { answers: await page.getByTestId("answers-in-scope").textContent(), n: await page.getByTestId("Omission harm agreement n").textContent() };
  await page.goto(`/studies/${studyId}/results`);
  await expect(page.getByRole("checkbox", { name: "m1" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "m2" })).toBeChecked();
  await expect(page.getByTestId("answers-in-scope")).toHaveText("4");
  await page.getByRole("checkbox", { name: "m2" }).uncheck();
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/models=m1/);
  await expect(page.getByRole("checkbox", { name: "m2" })).not.toBeChecked();
  await expect(page.getByTestId("answers-in-scope")).toHaveText(single.answers ?? "");
  await expect(page.getByTestId("Omission harm agreement n")).toHaveText(single.n ?? "");
  expect(await seriousViolations(page)).toEqual([]);
  for (const { text, params } of await exportLinks(page)) {
    expect(params.get("models"), text).toBe("m1");
    if (text.startsWith("Ratings")) expect(text).toContain("models: m1");
  }
  const exported = await page.request.get(`/api/v1/studies/${studyId}/ratings?format=ndjson&excludeModels=m2`);
  expect(exported.status()).toBe(200);
  const rows = (await exported.text()).trimEnd().split("\n").map((l) => JSON.parse(l) as { model_id: string });
  expect(rows.length).toBeGreaterThan(0);
  expect(new Set(rows.map((r) => r.model_id))).toEqual(new Set(["m1"]));
  const unknown = await page.request.get(`/api/v1/studies/${studyId}/results?models=m1,m9`);
  expect(unknown.status()).toBe(422);
  expect(((await unknown.json()) as { error: { details: { field: string }[] } }).error.details[0]?.field).toBe("models");
});

test("every figure's glossary link leads to its entry", async ({ page }) => {
  const hrefs = new Set<string>();
  for (const path of [`/studies/${studyId}/results`, `/studies/${studyId}/analysis?source=judge-f&compare=physicians`]) {
    await page.goto(path);
    for (const href of await page.locator('a[href^="/glossary#"]').evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""))) hrefs.add(href);
  }
  // The results page's figures, the judge miss rate, and the analysis' own.
  for (const id of ["n", "ci95", "confusion", "kappa_over_time", "exact", "within1", "kappa", "kappa_linear", "kappa_quadratic", "gwet_ac1", "alpha_ordinal", "mean_diff", "judge_miss_rate", "acuity_weighted_oh", "decoupling_gap"]) expect(hrefs).toContain(`/glossary#${id}`);
  await page.goto("/glossary");
  for (const href of hrefs) await expect(page.locator(`[id="${href.slice("/glossary#".length)}"]`)).toContainText(/\w/);
  await page.goto(`/studies/${studyId}/results`);
  await page.getByRole("link", { name: "κ quadratic" }).first().click();
  await expect(page).toHaveURL(/\/glossary#kappa_quadratic$/);
  await expect(page.locator("#kappa_quadratic")).toContainText("When to report it");
});

test("Results (every filter state, compare mode), Analysis (compare mode) and the glossary have no serious axe violation", async ({ page }) => {
  // Thirteen pages, each with a full axe run.
  test.setTimeout(180_000);
  const paths = [
    `/studies/${studyId}/results`,
    `/studies/${studyId}/results?queue=${queueId}`,
    `/studies/${studyId}/results?model=m1&category=golden_hour&framing=layperson`,
    `/studies/${studyId}/results?model=no-such-model`,
    `/studies/${studyId}/results?earlierVersions=include`,
    `/studies/${studyId}/analysis`,
    `/studies/${studyId}/analysis?source=judge-f&compare=physicians`,
    `/studies/${studyId}/analysis?source=physicians&compare=judge-f&model=m1`,
    "/glossary",
  ];
  for (const path of paths) {
    await page.goto(path);
    expect(await seriousViolations(page), path).toEqual([]);
  }
  // Compare mode by the filters, with ids in the address.
  for (const [a, b] of [[DR, JUDGE], [DR, DR2], [DR, DR]] as const) {
    await compare(page, a, b);
    await expect(page.getByTestId(a === b ? "rater-pair-problem" : "named-pair")).toBeVisible();
    expect(await seriousViolations(page), `${a} vs ${b}`).toEqual([]);
  }
});
