// Every page of every role, on a study with data, scanned by axe-core: no
// serious or critical violation anywhere. Every page is also opened 390 px
// wide, where the page itself must not scroll sideways (a wide table scrolls
// inside its own box).
import { expect, test, type Browser, type Page } from "@playwright/test";
import { answer, ndjson, scenario, score } from "../tests/fixtures/study";
import { seriousViolations } from "./support/axe";
import { adminStudy } from "./support/study";
import { E2E_USERS, pageAs, signedInApi, type E2EAccount } from "./support/users";

let studyId = "";
let queueId = "";
let editableAssignment = "";

const pair = (framing: string, partner: string) => ({ decoupling_variant: { pair_id: "axe-pair", framing, partner_id: partner } });

test.beforeAll(async ({ playwright }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL;
  const study = await adminStudy(playwright, baseURL, `Axe scan ${Date.now()}`);
  studyId = study.studyId;
  await study.post("scenarios", ndjson([scenario("AX1", pair("layperson", "AX2")), scenario("AX2", pair("physician", "AX1")), scenario("AX3", { quadrant: "chronic" })]));
  const answers = [answer("AX1", "axe-a", 1), answer("AX1", "axe-b", 1), answer("AX2", "axe-a", 1), answer("AX2", "axe-b", 1), answer("AX3", "axe-a", 1, { content_filtered: true })];
  await study.post("responses", ndjson(answers));
  await study.post("scores?rater=axe-judge", ndjson([score("AX1", "axe-a", 1, 1, 0), score("AX1", "axe-b", 1, 2, 1), score("AX2", "axe-a", 1, 0, 0), score("AX2", "axe-b", 1, 3, 1), score("AX3", "axe-a", 1, -1, -1)]));
  queueId = (await study.post("queues", { name: "Axe double", raters: [E2E_USERS.rater.email, E2E_USERS.rater2.email] })).id;
  await study.dispose();
  // Both physicians rate two answers each (the same two, so there are pairs); the first keeps one claimed for the workspace.
  for (const account of ["rater", "rater2"] as E2EAccount[]) {
    const api = await signedInApi(playwright, baseURL, account);
    for (const oh of [1, 2]) {
      const claim = await api.post(`/api/v1/queues/${queueId}/next`);
      expect(claim.status()).toBe(200);
      const { assignmentId } = (await claim.json()) as { assignmentId: string };
      const rated = await api.post(`/api/v1/assignments/${assignmentId}/rating`, {
        data: { omission_harm: oh, commission_harm: 0, critical_action_results: ["hit", "partial", "miss"], response_class: "substantive", omission_mechanism: "none", reasoning: "Axe scan." },
      });
      expect(rated.status()).toBe(201);
      if (account === "rater") editableAssignment = assignmentId;
    }
    await api.dispose();
  }
});

/** Scans each path on `page`; returns path → violations for those that have any. */
async function scan(page: Page, paths: string[]): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const path of paths) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await page.waitForLoadState("networkidle");
    const violations = await seriousViolations(page);
    if (violations.length > 0) found[path] = violations;
  }
  return found;
}

/** The path of the first link on `path` whose address matches `pattern`. */
async function firstLink(page: Page, path: string, pattern: RegExp): Promise<string> {
  await page.goto(path);
  const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const found = hrefs.find((href) => pattern.test(href));
  expect(found, `a link matching ${String(pattern)} on ${path}`).toBeTruthy();
  return found ?? "";
}

/** The results page comparing the first two raters it offers. */
async function comparePath(page: Page): Promise<string> {
  await page.goto(`/studies/${studyId}/results`);
  const values = await page.getByLabel("Compare rater").locator("option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  expect(values.length).toBeGreaterThanOrEqual(2);
  return `/studies/${studyId}/results?raterA=${values[0] ?? ""}&raterB=${values[1] ?? ""}`;
}

/** The pages a researcher or an admin reaches, the answer, queue and compare pages found by following the app's own links. */
async function studyPages(page: Page, admin: boolean): Promise<string[]> {
  const base = `/studies/${studyId}`;
  const answerPath = await firstLink(page, `${base}/answers`, new RegExp(`^${base}/answers/[0-9a-f-]+$`));
  const queuePath = await firstLink(page, `${base}/queues`, new RegExp(`^${base}/queues/[0-9a-f-]+$`));
  return [
    "/results",
    base,
    `${base}/answers`,
    answerPath,
    `${base}/queues`,
    queuePath,
    `${base}/results`,
    await comparePath(page),
    `${base}/analysis`,
    `${base}/quality`,
    `${base}/quality/statements`,
    `${base}/quality/drift`,
    `${base}/quality/gold`,
    "/glossary",
    ...(admin ? [`${base}/import`, "/admin", "/admin/users", "/admin/tokens", "/admin/audit"] : []),
    "/account/password",
  ];
}

/** The innermost elements that reach past the window's right edge, to say what makes a page too wide. */
function widest(page: Page): Promise<string> {
  return page.evaluate(() => {
    const edge = document.documentElement.clientWidth;
    const over = [...document.body.querySelectorAll("*")].filter((e) => e.getBoundingClientRect().right > edge + 1 && !e.closest(".overflow-x-auto > *"));
    const innermost = over.filter((e) => !over.some((other) => other !== e && e.contains(other)));
    return innermost.slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")} "${e.textContent.slice(0, 40)}"`).join("; ");
  });
}

/** Opens each path 390 px wide; returns path → what reaches past the right edge, for those that scroll sideways. */
async function sidewaysAt390(page: Page, paths: string[]): Promise<Record<string, string>> {
  await page.setViewportSize({ width: 390, height: 844 });
  const wide: Record<string, string> = {};
  for (const path of paths) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    const { scrollWidth, clientWidth } = await page.evaluate(() => {
      const root = document.scrollingElement ?? document.documentElement;
      return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
    });
    if (scrollWidth > clientWidth) wide[path] = `${String(scrollWidth)} px wide: ${await widest(page)}`;
  }
  return wide;
}

const rolePages = async (browser: Browser, account: "admin" | "researcher") => {
  const page = await pageAs(browser, account);
  return { page, paths: await studyPages(page, account === "admin") };
};

for (const account of ["admin", "researcher"] as const) {
  test(`every ${account} page has no serious or critical axe violation`, async ({ browser }) => {
    test.setTimeout(180_000);
    const { page, paths } = await rolePages(browser, account);
    expect(await scan(page, paths)).toEqual({});
    await page.context().close();
  });

  test(`no ${account} page scrolls sideways at 390 px`, async ({ browser }) => {
    test.setTimeout(120_000);
    const { page, paths } = await rolePages(browser, account);
    expect(await sidewaysAt390(page, paths)).toEqual({});
    await page.context().close();
  });
}

const raterPages = () => ["/queues", `/queues/${queueId}`, `/queues/${queueId}/ratings`, `/queues/${queueId}/ratings/${editableAssignment}`, "/account/password"];

test("every rater page (My queues, the workspace with an answer, My ratings, an edit) has no serious or critical axe violation", async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await pageAs(browser, "rater");
  // The workspace shows a claimed answer: the rater has one of the five left.
  await page.goto(`/queues/${queueId}`);
  await expect(page.getByTestId("answer-text")).toBeVisible();
  const found = await scan(page, raterPages());
  expect(found).toEqual({});
  await page.context().close();
});

test("no rater page (My queues, the workspace with an answer, My ratings, an edit) scrolls sideways at 390 px", async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await pageAs(browser, "rater");
  await page.goto(`/queues/${queueId}`);
  await expect(page.getByTestId("answer-text")).toBeVisible();
  expect(await sidewaysAt390(page, raterPages())).toEqual({});
  await page.context().close();
});

test("the sign-in page has no serious or critical axe violation", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  expect(await scan(page, ["/sign-in"])).toEqual({});
  await context.close();
});

test("the current tab and area are marked, and there is a favicon", async ({ browser, request }) => {
  const page = await pageAs(browser, "admin");
  await page.goto(`/studies/${studyId}/queues/${queueId}`);
  await expect(page.getByRole("navigation", { name: "Study" }).getByRole("link", { name: "Queues" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("navigation", { name: "Study" }).locator("[aria-current]")).toHaveCount(1);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Administration" })).toHaveAttribute("aria-current", "page");
  await page.goto("/admin/users");
  await expect(page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Users" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Studies" })).not.toHaveAttribute("aria-current");
  await page.goto("/account/password");
  await expect(page.getByRole("banner").getByRole("link", { name: "Password" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("navigation", { name: "Main" }).locator("[aria-current]")).toHaveCount(0);
  const icon = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(icon).toBeTruthy();
  expect((await request.get(icon ?? "")).status()).toBe(200);
  expect((await request.get("/favicon.ico")).status()).toBe(200);
  await page.context().close();
});
