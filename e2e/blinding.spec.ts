// Blinding is a security property: a rater walks a whole queue in the browser
// (queue list, every item, their ratings list, an edit) and no response body
// (HTML, React server payload or JSON) ever carries a model id, an answer's
// database id, the import batch, or the other rater's reasoning.
import { expect, test, type Page, type Route } from "@playwright/test";
import { answer, ndjson, scenario } from "../tests/fixtures/study";
import { E2E_USERS, signedInApi, storageStatePath } from "./support/users";

const MODELS = ["blind-model-alpha", "blind-model-beta", "blind-model-gamma"];
const OTHER_REASONING = "Reasoning only the second rater wrote.";
let studyId = "";
let queueId = "";
const secrets: string[] = [...MODELS, OTHER_REASONING];

test.beforeAll(async ({ playwright }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL;
  const admin = await signedInApi(playwright, baseURL, "admin");
  const study = await admin.post("/api/v1/studies", { data: { name: `Blinding e2e ${Date.now()}` } });
  studyId = ((await study.json()) as { id: string }).id;
  const post = async (kind: string, body: string) => {
    const response = await admin.post(`/api/v1/studies/${studyId}/${kind}`, { headers: { "content-type": "application/x-ndjson" }, data: body });
    expect(response.status()).toBe(200);
    return (await response.json()) as { importId: string };
  };
  const imports = [
    await post("scenarios", ndjson([scenario("B1"), scenario("B2")])),
    await post("responses", ndjson(MODELS.map((model, i) => answer(i === 2 ? "B2" : "B1", model, 5 + i, { response: `Answer text ${i}.` })))),
  ];
  secrets.push(...imports.map((i) => i.importId));
  const queue = await admin.post(`/api/v1/studies/${studyId}/queues`, { data: { name: "Blinded walk", raters: [E2E_USERS.rater.email, E2E_USERS.rater2.email] } });
  expect(queue.status()).toBe(201);
  queueId = ((await queue.json()) as { id: string }).id;

  // The answers' database ids, as only the (unblinded) study browser shows them.
  const browser = await admin.get(`/studies/${studyId}/answers`);
  const answerIds = [...(await browser.text()).matchAll(/\/answers\/([0-9a-f-]{36})/g)].map((m) => m[1] ?? "");
  expect(new Set(answerIds).size).toBe(3);
  secrets.push(...answerIds, studyId);
  await admin.dispose();

  // The second rater rates one answer first, so there is another rating to leak.
  const second = await signedInApi(playwright, baseURL, "rater2");
  const claim = (await (await second.post(`/api/v1/queues/${queueId}/next`)).json()) as { assignmentId: string };
  const rated = await second.post(`/api/v1/assignments/${claim.assignmentId}/rating`, {
    data: { omission_harm: 4, commission_harm: 3, critical_action_results: ["miss", "miss", "miss"], response_class: "hard_refusal", omission_mechanism: "safety_refusal", reasoning: OTHER_REASONING },
  });
  expect(rated.status()).toBe(201);
  await second.dispose();
});

test.use({ storageState: storageStatePath("rater") });

async function rateByKeyboard(page: Page, oh: number, reasoning: string) {
  await page.keyboard.press(`Digit${oh}`);
  await page.keyboard.press("Shift+Digit0");
  for (const key of ["h", "h", "p"]) await page.keyboard.press(key);
  for (const field of ["c", "x"]) {
    await page.keyboard.press(field);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Escape");
  }
  await page.keyboard.press("r");
  await page.keyboard.type(reasoning);
  await page.keyboard.press("Control+Enter");
}

interface Body {
  url: string;
  text: string;
  /** Why the body could not be read; a body that cannot be checked fails the test. */
  unreadable?: string;
}

/**
 * Fetches the request on the browser's behalf and reads the whole body before
 * handing the response to the page. Read from the page's own responses,
 * bodies are lost whenever the page moves on first (Next's prefetches,
 * mostly); read here, every one is kept.
 */
async function passOn(route: Route): Promise<Body> {
  const url = route.request().url();
  let body: Body;
  try {
    const response = await route.fetch({ maxRedirects: 0 });
    body = { url, text: (await response.body()).toString("utf8") };
    // The page may have moved on meanwhile; the body has been read all the same.
    await route.fulfill({ response }).catch(() => undefined);
  } catch (error) {
    body = { url, text: "", unreadable: (error as Error).message };
    await route.abort().catch(() => undefined);
  }
  return body;
}

/** Every body read so far, once no read is pending (reads that start meanwhile included). */
async function allBodies(reads: Promise<Body>[]): Promise<Body[]> {
  for (;;) {
    const pending = reads.length;
    const bodies = await Promise.all(reads);
    if (reads.length === pending) return bodies;
  }
}

test("a rater walks a queue, lists and edits their ratings, and never receives what identifies an answer", async ({ page }) => {
  const reads: Promise<Body>[] = [];
  await page.route("**/*", (route) => {
    const read = passOn(route);
    reads.push(read);
    return read.then(() => undefined);
  });

  await page.goto("/queues");
  await page.getByRole("link", { name: "Blinded walk" }).click();
  const codes: string[] = [];
  for (let i = 0; i < 3; i++) {
    const code = page.getByTestId("blind-code");
    await expect(code).toHaveText(/^R-/);
    const text = (await code.textContent()) ?? "";
    expect(codes).not.toContain(text);
    codes.push(text);
    await rateByKeyboard(page, i + 1, `My reasoning ${i}.`);
    await expect(page.getByTestId(i < 2 ? "last-outcome" : "queue-done")).toContainText(`Rating of ${text} saved.`);
  }

  await page.getByRole("link", { name: "My ratings in this queue" }).click();
  const table = page.getByRole("table", { name: "My ratings" });
  await expect(table.getByRole("row")).toHaveCount(4);
  await table.getByRole("link", { name: codes[0] ?? "" }).click();
  await expect(page.getByTestId("blind-code")).toHaveText(codes[0] ?? "");
  // The earlier rating is filled in; it is changed from the keyboard and saved.
  await expect(page.getByRole("group", { name: /Omission harm/ }).getByRole("radio", { name: /^1 — / })).toBeChecked();
  await expect(page.getByRole("textbox", { name: /Reasoning/ })).toHaveValue("My reasoning 0.");
  await page.keyboard.press("Digit4");
  await page.keyboard.press("Control+Enter");
  await expect(page).toHaveURL(new RegExp(`/queues/${queueId}/ratings\\?saved=[0-9a-f-]+$`));
  const edited = table.getByRole("row").filter({ hasText: codes[0] ?? "" });
  await expect(edited.getByRole("cell")).toHaveText([codes[0] ?? "", "4", "0", /.+/, /.+/, "2", ""]);

  await page.waitForLoadState("networkidle");
  const bodies = await allBodies(reads);
  expect(bodies.filter((b) => b.unreadable).map((b) => `${b.url} (${b.unreadable ?? ""})`), "responses whose body could not be read").toEqual([]);
  for (const { url, text } of bodies) {
    for (const secret of secrets) expect(text.includes(secret), `${url} carries ${secret}`).toBe(false);
  }
  // The scan saw the walk: every answer's page and the edit.
  for (const code of codes) expect(bodies.some((b) => b.text.includes(code)), `a body shows ${code}`).toBe(true);
  expect(bodies.some((b) => b.url.includes("/rating") && b.text.includes('"version":2'))).toBe(true);
});

test("a rater is refused the study, its results and its exports", async ({ page, request }) => {
  for (const path of [`/studies/${studyId}`, `/studies/${studyId}/answers`, `/studies/${studyId}/results`, `/studies/${studyId}/analysis`, `/studies/${studyId}/queues`, "/results", "/admin"]) {
    expect((await page.goto(path))?.status(), path).toBe(403);
  }
  for (const path of [`/api/v1/studies/${studyId}/agreement?scale=omission_harm`, `/api/v1/studies/${studyId}/results`, `/api/v1/studies/${studyId}/ratings?format=csv`, `/api/v1/studies/${studyId}/analysis?source=physicians`]) {
    expect((await request.get(path)).status(), path).toBe(403);
  }
});
